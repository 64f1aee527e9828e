package io.oddsapi.batch.warehouse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What writing into one target table that already exists needs
 * ({@code --odds.adopt=plan}): only additive, safe changes. Columns of job-config that
 * the table lacks are added, nullable; nothing is dropped or retyped, and the table's
 * partitioning and clustering stay as they are. What adoption cannot do stops it: a
 * column of another type, or a NOT NULL column the job has no value for. NOT NULL columns
 * that job-config lets be empty are kept so: a row without a value for one is rejected
 * with the reason, never written.
 *
 * @param existing empty when the table does not exist (the job creates it with its own
 * definition)
 * @param added the columns to add, in job-config's order
 * @param refused why the table cannot be adopted, one reason each
 * @param notNullThere NOT NULL columns of the table that job-config does not require
 * @param dialect whose type names the plan prints
 */
public record TableAdoption(String table, Optional<ExistingTable> existing, List<ColumnDefinition> added,
		List<String> refused, List<String> notNullThere, SqlDialect dialect) {

	/**
	 * @param viewThere whether a view has the table's name (an earlier version of this
	 * job made one for the legacy props name): nothing is ever written through it, and
	 * adoption drops nothing, so it stops the job until removed
	 */
	public static TableAdoption of(TableDefinition table, Optional<ExistingTable> existing, boolean viewThere,
			SqlDialect dialect) {
		List<ColumnDefinition> added = new ArrayList<>();
		List<String> refused = new ArrayList<>();
		List<String> notNullThere = new ArrayList<>();
		if (viewThere) {
			refused.add("a view has this name where job-config has a table; a view holds no rows: drop it (DROP VIEW "
					+ table.name() + ") and the job creates the table");
		}
		existing.ifPresent(there -> {
			for (ColumnDefinition column : table.columns()) {
				String type = there.types().get(column.name());
				if (type == null) {
					added.add(column);
				}
				else if (!type.equals(column.type().name())) {
					refused.add(column.name() + " is " + type + " there and " + column.type()
							+ " in job-config: adoption retypes nothing");
				}
				else if (there.notNull().contains(column.name()) && !column.required()) {
					notNullThere.add(column.name());
				}
			}
			for (String column : there.types().keySet()) {
				boolean known = table.columns().stream().anyMatch(c -> c.name().equals(column));
				if (!known && there.notNull().contains(column)) {
					refused.add(column + " is NOT NULL there and job-config has no such column: the job could "
							+ "never fill it");
				}
			}
		});
		return new TableAdoption(table.name(), existing, List.copyOf(added), List.copyOf(refused),
				List.copyOf(notNullThere), dialect);
	}

	public boolean adoptable() {
		return refused.isEmpty();
	}

	/**
	 * Whether the job can write into it as it is: no such table, or one adopted already.
	 */
	public boolean ready() {
		return existing.isEmpty() || (adoptable() && added.isEmpty());
	}

	/** Before a run: every existing table ready, else what stops it and where to look. */
	public static void requireAdopted(List<TableAdoption> plan) {
		List<String> problems = new ArrayList<>();
		for (TableAdoption table : plan) {
			table.added()
				.forEach(c -> problems.add(table.table() + "." + c.name() + " is missing (expected " + c.type() + ")"));
			table.refused().forEach(reason -> problems.add(table.table() + ": " + reason));
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException(
					"existing tables do not match job-config/tables: " + String.join("; ", problems)
							+ ". --odds.adopt=plan shows what adopting them needs; --odds.adopt=apply adds the "
							+ "missing columns (docs/adopting-an-existing-dataset.md)");
		}
	}

	/** By table, {@link #notNullThere()} where a table has any. */
	public static Map<String, List<String>> notNullThere(List<TableAdoption> plan) {
		Map<String, List<String>> required = new LinkedHashMap<>();
		plan.stream().filter(t -> !t.notNullThere().isEmpty()).forEach(t -> required.put(t.table(), t.notNullThere()));
		return required;
	}

	/** Before applying: every table adoptable, else nothing is changed. */
	public static void requireAdoptable(List<TableAdoption> plan) {
		List<String> refused = plan.stream()
			.flatMap(table -> table.refused().stream().map(reason -> table.table() + ": " + reason))
			.toList();
		if (!refused.isEmpty()) {
			throw new IllegalStateException(
					"cannot adopt the existing tables, nothing was changed: " + String.join("; ", refused));
		}
	}

	/** The plan's lines for this table, as {@code --odds.adopt=plan} prints them. */
	public List<String> lines() {
		List<String> lines = new ArrayList<>();
		if (existing.isEmpty() && adoptable()) {
			lines.add(table + ": no such table; the job creates it from job-config");
			return lines;
		}
		lines.add(table + ": "
				+ (!adoptable() ? "cannot be adopted" : added.isEmpty() ? "already adopted, nothing to change"
						: "adopt with " + added.size() + (added.size() == 1 ? " change" : " changes")));
		refused.forEach(reason -> lines.add("  refused: " + reason));
		if (existing.isEmpty()) {
			return lines;
		}
		ExistingTable there = existing.get();
		added.forEach(column -> lines.add("  ADD COLUMN " + column.name() + " " + dialect.type(column.type())
				+ " (nullable; existing rows get NULL)"));
		lines.add("  kept: every column and row as it is; " + there.layout());
		if (!notNullThere.isEmpty()) {
			lines.add("  NOT NULL there, so a row without a value is rejected with the reason: "
					+ String.join(", ", notNullThere));
		}
		return lines;
	}
}
