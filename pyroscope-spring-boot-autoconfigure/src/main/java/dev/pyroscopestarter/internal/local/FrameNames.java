package dev.pyroscopestarter.internal.local;

import java.util.HashMap;
import java.util.Map;

/**
 * The frame names of every window kept, each held once: windows share most of their frames, so the store counts
 * a name's bytes once and lets it go with the last window that uses it.
 */
final class FrameNames {

	// A String of n Latin-1 characters, its map entry and its count, with compressed references.
	private static final int OVERHEAD = 24 + 16 + 32 + 16;

	private final Map<String, Entry> names = new HashMap<>();

	private long bytes;

	/** Replaces each name by the one instance kept, and counts the window's use of it. */
	void acquire(String[] frames) {
		for (int i = 0; i < frames.length; i++) {
			String name = frames[i];
			Entry entry = this.names.get(name);
			if (entry == null) {
				entry = new Entry(name);
				this.names.put(name, entry);
				this.bytes += OVERHEAD + name.length();
			}
			entry.uses++;
			frames[i] = entry.name;
		}
	}

	/** Forgets a window's use of its names; a name no window uses any more is let go. */
	void release(String[] frames) {
		for (String name : frames) {
			Entry entry = this.names.get(name);
			if (entry != null && --entry.uses == 0) {
				this.names.remove(name);
				this.bytes -= OVERHEAD + name.length();
			}
		}
	}

	long bytes() {
		return this.bytes;
	}

	int size() {
		return this.names.size();
	}

	private static final class Entry {

		private final String name;

		private int uses;

		Entry(String name) {
			this.name = name;
		}

	}

}
