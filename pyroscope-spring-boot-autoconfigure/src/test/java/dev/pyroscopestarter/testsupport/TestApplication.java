package dev.pyroscopestarter.testsupport;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A plain Spring Boot application with the starter's auto-configuration on its classpath.
 */
@SpringBootApplication
public class TestApplication {

}
