package io.oddsapi.batch.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The table definitions of {@code job-config/tables/}. Loading checks them, so that a
 * typo fails start-up with the file and field named, rather than a run with a SQL error;
 * names must be plain identifiers, since they go into SQL as they are.
 */
public final class TableCatalog {

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,127}");

	private final Map<String, TableDefinition> tables;

	public TableCatalog(Collection<TableDefinition> tables) {
		Map<String, TableDefinition> byName = new LinkedHashMap<>();
		tables.forEach(t -> byName.put(t.name(), t));
		this.tables = Map.copyOf(byName);
	}

	public static TableCatalog load(String locationPattern) {
		try {
			Resource[] resources = new PathMatchingResourcePatternResolver().getResources(locationPattern + "*.yml");
			if (resources.length == 0) {
				throw new IllegalStateException("no table definitions (*.yml) found at " + locationPattern);
			}
			List<TableDefinition> tables = new ArrayList<>();
			for (Resource resource : resources) {
				try (InputStream in = resource.getInputStream()) {
					tables.add(
							parse(resource.getFilename(), new Yaml(new SafeConstructor(new LoaderOptions())).load(in)));
				}
			}
			return new TableCatalog(tables);
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"cannot read table definitions at " + locationPattern + ": " + ex.getMessage(), ex);
		}
	}

	public TableDefinition table(String name) {
		TableDefinition table = tables.get(name);
		if (table == null) {
			throw new IllegalStateException("no table definition named " + name + " (have " + tables.keySet() + ")");
		}
		return table;
	}

	public TableDefinition forRowType(String rowType) {
		return tables.values()
			.stream()
			.filter(t -> t.rowType().equals(rowType))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no table definition has row: " + rowType));
	}

	/** The table with {@code role: ledger}: what each run published. */
	public TableDefinition ledger() {
		return tables.values()
			.stream()
			.filter(TableDefinition::ledger)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no table definition has role: ledger"));
	}

	public Collection<TableDefinition> tables() {
		return tables.values().stream().sorted(Comparator.comparing(TableDefinition::name)).toList();
	}

	@SuppressWarnings("unchecked")
	static TableDefinition parse(String file, Object yaml) {
		if (!(yaml instanceof Map<?, ?> map)) {
			throw invalid(file, "expected a mapping at the top level");
		}
		Map<String, Object> doc = (Map<String, Object>) map;
		String name = identifier(file, "table", doc.get("table"));
		List<ColumnDefinition> columns = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (Object item : list(file, "columns", doc.get("columns"))) {
			Map<String, Object> column = (Map<String, Object>) item;
			String columnName = identifier(file, "columns.name", column.get("name"));
			if (!names.add(columnName)) {
				throw invalid(file, "column " + columnName + " is listed twice");
			}
			try {
				columns.add(new ColumnDefinition(columnName, ColumnType.valueOf(String.valueOf(column.get("type"))),
						Boolean.TRUE.equals(column.get("required")),
						ColumnDefinition.Fill.of((String) column.get("fill"))));
			}
			catch (IllegalArgumentException ex) {
				throw invalid(file, "column " + columnName + ": " + ex.getMessage());
			}
		}
		String partition = identifier(file, "partition", doc.get("partition"));
		List<String> mergeKey = columnList(file, "mergeKey", doc.get("mergeKey"), names);
		List<String> latestFirst = columnList(file, "latestFirst", doc.get("latestFirst"), names);
		List<String> clustering = doc.containsKey("clustering")
				? columnList(file, "clustering", doc.get("clustering"), names) : List.of();
		if (!names.contains(partition) || !mergeKey.contains(partition)) {
			throw invalid(file, "partition column " + partition + " must be a column and part of mergeKey");
		}
		boolean ledger = "ledger".equals(doc.get("role"));
		if (ledger && !names.containsAll(TableDefinition.LEDGER_COLUMNS)) {
			throw invalid(file, "a ledger table needs the columns " + TableDefinition.LEDGER_COLUMNS);
		}
		Optional<AnalyticsDefinition> analytics = doc.containsKey("analytics")
				? Optional.of(analytics(file, (Map<String, Object>) doc.get("analytics"), names)) : Optional.empty();
		return new TableDefinition(name, String.valueOf(doc.get("row")), partition, clustering, mergeKey, latestFirst,
				List.copyOf(columns), ledger, analytics);
	}

	private static AnalyticsDefinition analytics(String file, Map<String, Object> analytics, Set<String> columns) {
		if (!columns.containsAll(AnalyticsDefinition.REQUIRED_COLUMNS)) {
			throw invalid(file, "a table with analytics needs the columns " + AnalyticsDefinition.REQUIRED_COLUMNS);
		}
		List<String> prices = columnList(file, "analytics.prices", analytics.get("prices"), columns);
		if (prices.size() > 2) {
			throw invalid(file,
					"analytics.prices takes one price (an outcome per row) or two (Over and Under in a row)");
		}
		return new AnalyticsDefinition(column(file, "analytics.selection", analytics.get("selection"), columns),
				column(file, "analytics.line", analytics.get("line"), columns), prices,
				columnList(file, "analytics.consensus", analytics.get("consensus"), columns),
				columnList(file, "analytics.moves", analytics.get("moves"), columns));
	}

	private static List<String> columnList(String file, String field, Object value, Set<String> columns) {
		List<String> result = new ArrayList<>();
		for (Object item : list(file, field, value)) {
			result.add(column(file, field, item, columns));
		}
		return List.copyOf(result);
	}

	private static String column(String file, String field, Object value, Set<String> columns) {
		String column = identifier(file, field, value);
		if (!columns.contains(column)) {
			throw invalid(file, field + " names " + column + ", which is not a column");
		}
		return column;
	}

	private static List<?> list(String file, String field, Object value) {
		if (!(value instanceof List<?> list) || list.isEmpty()) {
			throw invalid(file, field + " must be a non-empty list");
		}
		return list;
	}

	private static String identifier(String file, String field, Object value) {
		if (value == null || !IDENTIFIER.matcher(value.toString()).matches()) {
			throw invalid(file, field + " must be a lower-case identifier, found " + value);
		}
		return value.toString();
	}

	private static IllegalStateException invalid(String file, String message) {
		return new IllegalStateException("table definition " + file + ": " + message);
	}

}
