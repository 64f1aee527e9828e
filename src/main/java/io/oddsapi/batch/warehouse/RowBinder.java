package io.oddsapi.batch.warehouse;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the values of a row record in the order of its table's row columns. Record
 * components and columns are matched by name (snake_case column, camelCase component) and
 * type when the binder is made, so a mismatch between {@code job-config} and the code
 * fails start-up, naming every difference.
 */
public final class RowBinder {

	private final TableDefinition table;

	private final List<MethodHandle> accessors;

	private final boolean hashed;

	private RowBinder(TableDefinition table, List<MethodHandle> accessors) {
		this.table = table;
		this.accessors = accessors;
		this.hashed = table.filled(ColumnDefinition.Fill.DATA_HASH).isPresent();
	}

	public static RowBinder bind(TableDefinition table, Class<? extends Record> rowType) {
		Map<String, RecordComponent> components = Arrays.stream(rowType.getRecordComponents())
			.collect(Collectors.toMap(RecordComponent::getName, Function.identity()));
		List<String> problems = new ArrayList<>();
		List<MethodHandle> accessors = new ArrayList<>();
		MethodHandles.Lookup lookup = MethodHandles.publicLookup();
		for (ColumnDefinition column : table.rowColumns()) {
			RecordComponent component = components.remove(camelCase(column.name()));
			if (component == null) {
				problems.add("column " + column.name() + " has no component " + camelCase(column.name()));
				continue;
			}
			if (component.getType() != column.type().javaType()) {
				problems.add("column " + column.name() + " is " + column.type() + " but " + component.getName() + " is "
						+ component.getType().getSimpleName());
				continue;
			}
			try {
				accessors.add(lookup.unreflect(component.getAccessor()));
			}
			catch (IllegalAccessException ex) {
				problems.add(component.getName() + " is not accessible");
			}
		}
		components.keySet().forEach(name -> problems.add("component " + name + " has no column in " + table.name()));
		if (!problems.isEmpty()) {
			throw new IllegalStateException("table " + table.name() + " does not match " + rowType.getSimpleName()
					+ ": " + String.join("; ", problems));
		}
		return new RowBinder(table, List.copyOf(accessors));
	}

	public TableDefinition table() {
		return table;
	}

	/** The row's values in {@link TableDefinition#rowColumns()} order. */
	public Object[] values(Record row) {
		Object[] values = new Object[accessors.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = value(row, i);
		}
		return values;
	}

	/**
	 * One value of the row: the {@code index}th of {@link TableDefinition#rowColumns()}.
	 */
	public Object value(Record row, int index) {
		try {
			return accessors.get(index).invoke(row);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("cannot read " + table.rowColumns().get(index).name(), ex);
		}
	}

	/**
	 * The row's values followed by their data hash when the table keeps one: a staging
	 * row's columns.
	 */
	public Object[] hashedValues(Record row) {
		Object[] values = values(row);
		if (!hashed) {
			return values;
		}
		Object[] withHash = Arrays.copyOf(values, values.length + 1);
		withHash[values.length] = dataHash(values);
		return withHash;
	}

	/**
	 * A staged row as the staging tables hold it: the run and the row's position, then
	 * {@link #hashedValues}.
	 */
	public Object[] stagingValues(long runId, StagedRow staged) {
		Object[] values = values(staged.row());
		Object[] staging = new Object[4 + values.length + (hashed ? 1 : 0)];
		staging[0] = runId;
		staging[1] = staged.objectIndex();
		staging[2] = staged.eventIndex();
		staging[3] = staged.ordinal();
		System.arraycopy(values, 0, staging, 4, values.length);
		if (hashed) {
			staging[staging.length - 1] = dataHash(values);
		}
		return staging;
	}

	/**
	 * A hash of every row column: equal for equal data, so a MERGE can tell an unchanged
	 * row (left alone) from a changed one (updated) by one column.
	 */
	public static String dataHash(Object[] values) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (Object value : values) {
				String text = value == null ? "\u0000" : ValueText.of(value);
				digest.update(text.getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0x1f);
			}
			return HexFormat.of().formatHex(digest.digest(), 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String camelCase(String snake) {
		StringBuilder out = new StringBuilder();
		boolean upper = false;
		for (char c : snake.toCharArray()) {
			if (c == '_') {
				upper = true;
			}
			else {
				out.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return out.toString();
	}

}
