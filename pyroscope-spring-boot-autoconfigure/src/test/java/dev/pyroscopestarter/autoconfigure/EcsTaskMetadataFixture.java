package dev.pyroscopestarter.autoconfigure;

final class EcsTaskMetadataFixture {

	/** A Fargate {@code /task} answer, shortened, in the documented shape. */
	static final String FARGATE_TASK = """
			{"Cluster":"arn:aws:ecs:eu-west-1:123456789012:cluster/rides-prod",
			 "TaskARN":"arn:aws:ecs:eu-west-1:123456789012:task/rides-prod/4b1c2e3f5a6b7c8d9e0f1a2b3c4d5e6f",
			 "Family":"rideshare-api","Revision":"42","AvailabilityZone":"eu-west-1b","LaunchType":"FARGATE",
			 "Containers":[{"DockerId":"4b1c2e3f5a6b7c8d9e0f1a2b3c4d5e6f-1234567890","Name":"app"}]}
			""";

	private EcsTaskMetadataFixture() {
	}

}
