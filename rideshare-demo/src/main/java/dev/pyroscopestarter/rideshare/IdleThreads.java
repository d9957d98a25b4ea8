package dev.pyroscopestarter.rideshare;

import java.lang.reflect.Method;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * For the wall-clock cost benchmark: threads that do nothing but wake once a second, as an application's idle
 * pools do. {@code rideshare.idle-threads.platform} platform threads and {@code rideshare.idle-threads.virtual}
 * virtual threads (Java 21 and later), none by default.
 */
@Component
class IdleThreads {

	private final int platform;

	private final int virtual;

	IdleThreads(@Value("${rideshare.idle-threads.platform:0}") int platform,
			@Value("${rideshare.idle-threads.virtual:0}") int virtual) {
		this.platform = platform;
		this.virtual = virtual;
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() throws ReflectiveOperationException {
		for (int i = 0; i < this.platform; i++) {
			Thread thread = new Thread(IdleThreads::idle, "idle-" + i);
			thread.setDaemon(true);
			thread.start();
		}
		if (this.virtual > 0) {
			// Thread.ofVirtual() is Java 21; the demo builds for Java 17.
			Method ofVirtual = Thread.class.getMethod("ofVirtual");
			Object builder = ofVirtual.invoke(null);
			// Through the public interface: the builder's own class is not accessible.
			Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
			for (int i = 0; i < this.virtual; i++) {
				start.invoke(builder, (Runnable) IdleThreads::idle);
			}
		}
	}

	private static void idle() {
		while (!Thread.currentThread().isInterrupted()) {
			try {
				Thread.sleep(1000);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

}
