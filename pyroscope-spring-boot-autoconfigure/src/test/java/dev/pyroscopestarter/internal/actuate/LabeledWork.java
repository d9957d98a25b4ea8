package dev.pyroscopestarter.internal.actuate;

import dev.pyroscopestarter.testsupport.CpuBurner;
import io.pyroscope.labels.v2.LabelsSet;
import io.pyroscope.labels.v2.Pyroscope;

/**
 * CPU work under dynamic labels, as the rideshare demo does it: car rides in the hot method, bike rides in a method
 * of their own, so that a label filter can be checked by which method it keeps.
 */
final class LabeledWork {

	static final String BIKE_METHOD = "burnCpuForBikes";

	private static volatile long sink;

	private LabeledWork() {
	}

	static void carRide(long millis) {
		Pyroscope.LabelsWrapper.run(new LabelsSet("vehicle", "car"), () -> CpuBurner.burnCpuInHotMethod(millis));
	}

	static void bikeRide(long millis) {
		Pyroscope.LabelsWrapper.run(new LabelsSet("vehicle", "bike"), () -> burnCpuForBikes(millis));
	}

	static void burnCpuForBikes(long millis) {
		long end = System.nanoTime() + millis * 1_000_000L;
		long x = 1;
		while (System.nanoTime() < end) {
			for (int i = 0; i < 10_000; i++) {
				x = x * 6364136223846793005L + i;
			}
		}
		sink = x;
	}

}
