package dev.pyroscopestarter.testsupport;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * Samples per piece of work (a method of one class) in the uploads received so far, each upload decoded once: a
 * load test runs until every piece was sampled often enough, which takes longer on a loaded machine.
 */
public final class SampleCounts {

	private final String className;

	private final Collection<String> methods;

	private final Map<String, Long> counts = new TreeMap<>();

	private int decoded;

	public SampleCounts(String className, Collection<String> methods) {
		this.className = className;
		this.methods = List.copyOf(methods);
	}

	/** The fewest samples of any piece in {@code requests} (all uploads so far, in order). */
	public synchronized long fewest(List<LoggedRequest> requests) {
		List<IngestedProfile> uploads = IngestedProfile.of(requests.subList(this.decoded, requests.size()));
		this.decoded = requests.size();
		for (String method : this.methods) {
			long samples = 0;
			for (IngestedProfile upload : uploads) {
				samples += upload.samplesIn(this.className, method);
			}
			this.counts.merge(method, samples, Long::sum);
		}
		return this.methods.stream().mapToLong((method) -> this.counts.getOrDefault(method, 0L)).min().orElse(0);
	}

	@Override
	public synchronized String toString() {
		return this.counts.toString();
	}

}
