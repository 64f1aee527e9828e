package io.oddsapi.batch.warehouse;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The merge keys one run staged in this process, per table, as 64-bit hashes: when no
 * hash came twice, the run's staging holds every key once and its publication need not
 * collapse duplicates (a sort of all its rows). Equal keys always hash alike (a double's
 * zeros and NaNs, an instant to the second), so a repeated hash can be a collision or a
 * real duplicate, and either way the publication deduplicates; a key that is not repeated
 * is certainly unique. A table of more than {@link #MAX_KEYS} keys is not tracked
 * (unknown: deduplicated), which bounds the memory at 8 MB a table.
 */
final class StagedKeys {

	static final int MAX_KEYS = 1 << 19;

	private final Map<String, KeySet> tables = new HashMap<>();

	/** {@code staging}: a row as {@link RowBinder#stagingValues} gives it. */
	void add(TableDefinition table, int[] keyIndexes, Object[] staging) {
		tables.computeIfAbsent(table.name(), t -> new KeySet()).add(hash(keyIndexes, staging));
	}

	/** True only when every key of the table's staged rows is known to be there once. */
	boolean unique(String table) {
		KeySet keys = tables.get(table);
		return keys != null && keys.slots != null;
	}

	/** Where a table's merge key columns sit in its staging rows. */
	static int[] keyIndexes(TableDefinition table) {
		List<String> columns = table.rowColumns().stream().map(ColumnDefinition::name).toList();
		return table.mergeKey().stream().mapToInt(k -> 4 + columns.indexOf(k)).toArray();
	}

	static long hash(int[] keyIndexes, Object[] staging) {
		long h = 0xcbf29ce484222325L;
		for (int index : keyIndexes) {
			h = mix(h, valueHash(staging[index]));
		}
		return h;
	}

	private static long valueHash(Object value) {
		if (value == null) {
			return 0x9e3779b97f4a7c15L;
		}
		if (value instanceof String text) {
			long h = 0xcbf29ce484222325L;
			for (int i = 0; i < text.length(); i++) {
				h = (h ^ text.charAt(i)) * 0x100000001b3L;
			}
			return h;
		}
		if (value instanceof Double number) {
			double d = number;
			// equal in SQL, different in bits
			return d == 0.0 ? 0 : Double.isNaN(d) ? 1 : Double.doubleToLongBits(d);
		}
		if (value instanceof Instant instant) {
			// a database stores microseconds, rounded: instants equal there share their
			// second
			return instant.getEpochSecond();
		}
		if (value instanceof LocalDate date) {
			return date.toEpochDay();
		}
		if (value instanceof Number number) {
			return number.longValue();
		}
		return value.toString().hashCode();
	}

	private static long mix(long h, long value) {
		long x = (h ^ value) * 0xff51afd7ed558ccdL;
		x ^= x >>> 33;
		x *= 0xc4ceb9fe1a85ec53L;
		return x ^ (x >>> 33);
	}

	/**
	 * Open addressing; {@code slots} is null once a hash repeated or the keys outgrew the
	 * limit.
	 */
	private static final class KeySet {

		private long[] slots = new long[1024];

		private int size;

		void add(long hash) {
			if (slots == null) {
				return;
			}
			long h = hash == 0 ? 1 : hash;
			int mask = slots.length - 1;
			int i = (int) (h ^ (h >>> 32)) & mask;
			while (slots[i] != 0) {
				if (slots[i] == h) {
					slots = null;
					return;
				}
				i = (i + 1) & mask;
			}
			slots[i] = h;
			if (++size > MAX_KEYS) {
				slots = null;
			}
			else if (size * 2 > slots.length) {
				grow();
			}
		}

		private void grow() {
			long[] old = slots;
			slots = new long[old.length * 2];
			int mask = slots.length - 1;
			for (long h : old) {
				if (h != 0) {
					int i = (int) (h ^ (h >>> 32)) & mask;
					while (slots[i] != 0) {
						i = (i + 1) & mask;
					}
					slots[i] = h;
				}
			}
		}

	}

}
