package io.oddsapi.batch.warehouse.bigquery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.google.zetasql.Analyzer;
import com.google.zetasql.AnalyzerOptions;
import com.google.zetasql.LanguageOptions;
import com.google.zetasql.SimpleCatalog;
import com.google.zetasql.SimpleColumn;
import com.google.zetasql.SimpleTable;
import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.ZetaSQLBuiltinFunctionOptions;
import com.google.zetasql.ZetaSQLType;
import com.google.zetasql.resolvedast.ResolvedNodes;
import io.oddsapi.batch.localbigquery.BigQueryLanguage;
import io.oddsapi.batch.warehouse.ColumnType;
import io.oddsapi.batch.warehouse.SharedSql;
import io.oddsapi.batch.warehouse.TableCatalog;
import io.oddsapi.batch.warehouse.TableDefinition;

/**
 * BigQuery's own SQL front end, in-process: a catalog of the dataset's tables built from
 * the table definitions, and BigQuery-like language options. A statement that does not
 * analyse throws with ZetaSQL's message.
 */
final class ZetaSqlAnalyzer {

	private final AnalyzerOptions options;

	private final SimpleCatalog catalog;

	private final Set<String> views = new HashSet<>();

	ZetaSqlAnalyzer(TableCatalog tables, String dataset, List<String> runs) {
		LanguageOptions language = BigQueryLanguage.options();
		options = new AnalyzerOptions();
		options.setLanguageOptions(language);
		catalog = new SimpleCatalog("bigquery");
		catalog.addZetaSQLFunctions(new ZetaSQLBuiltinFunctionOptions(language));
		SharedSql merge = new BigQuerySql(dataset).shared();
		for (TableDefinition table : tables.tables()) {
			SimpleTable target = new SimpleTable(dataset + "." + table.name());
			table.columns()
				.forEach(c -> target.addSimpleColumn(new SimpleColumn(target.getName(), c.name(), type(c.type()))));
			catalog.addSimpleTable(target);
			for (String run : runs) {
				SimpleTable staging = new SimpleTable(dataset + "." + BigQuerySql.stagingName(table, run));
				for (String column : merge.stagingColumns(table)) {
					ColumnType type = SharedSql.STAGING_POSITION.contains(column) ? ColumnType.INT64
							: table.column(column).type();
					staging.addSimpleColumn(new SimpleColumn(staging.getName(), column, type(type)));
				}
				catalog.addSimpleTable(staging);
			}
		}
	}

	/**
	 * Analyses a statement; a view it creates joins the catalog, so that views over views
	 * analyse.
	 */
	ResolvedNodes.ResolvedStatement analyze(String statement) {
		ResolvedNodes.ResolvedStatement resolved = Analyzer.analyzeStatement(statement, options, catalog);
		if (resolved instanceof ResolvedNodes.ResolvedCreateViewStmt view) {
			String name = String.join(".", view.getNamePath());
			if (views.add(name)) {
				SimpleTable table = new SimpleTable(name);
				view.getOutputColumnList()
					.forEach(c -> table.addSimpleColumn(new SimpleColumn(name, c.getName(), c.getColumn().getType())));
				catalog.addSimpleTable(table);
			}
		}
		return resolved;
	}

	/**
	 * The statements of a dry-run script: split at ";" + newline, comment lines dropped.
	 */
	static List<String> statements(String script) {
		List<String> statements = new ArrayList<>();
		for (String part : script.split(";\n")) {
			String statement = part.lines()
				.filter(l -> !l.startsWith("--"))
				.reduce((a, b) -> a + "\n" + b)
				.orElse("")
				.trim();
			if (!statement.isEmpty()) {
				statements.add(statement);
			}
		}
		return statements;
	}

	private static Type type(ColumnType type) {
		return TypeFactory.createSimpleType(switch (type) {
			case STRING -> ZetaSQLType.TypeKind.TYPE_STRING;
			case INT64 -> ZetaSQLType.TypeKind.TYPE_INT64;
			case FLOAT64 -> ZetaSQLType.TypeKind.TYPE_DOUBLE;
			case TIMESTAMP -> ZetaSQLType.TypeKind.TYPE_TIMESTAMP;
			case DATE -> ZetaSQLType.TypeKind.TYPE_DATE;
			case BOOL -> ZetaSQLType.TypeKind.TYPE_BOOL;
		});
	}

}
