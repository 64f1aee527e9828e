package io.oddsapi.batch.localbigquery;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Ordinary requests a BigQuery user sends, through Google's Java client: names as people
 * type them, query parameters, results of every column type in the REST encoding, unnamed
 * columns, TRUNCATE TABLE and MERGE's INSERT ROW. Each expectation comes from the page
 * named beside it and is worked out by hand.
 */
class LocalBigQueryRequestsTests extends DocumentedExamples {

	static TableResult run(QueryJobConfiguration.Builder query) throws InterruptedException {
		return bigQuery.query(query.setUseLegacySql(false).build());
	}

	static TableResult run(String sql) throws InterruptedException {
		return run(QueryJobConfiguration.newBuilder(sql));
	}

	static List<List<String>> rows(TableResult result) {
		List<List<String>> rows = new ArrayList<>();
		for (FieldValueList row : result.iterateAll()) {
			List<String> values = new ArrayList<>();
			row.forEach(value -> values.add(value.isNull() ? null : value.getStringValue()));
			rows.add(values);
		}
		return rows;
	}

	static List<String> names(TableResult result) {
		return result.getSchema().getFields().stream().map(Field::getName).toList();
	}

	// docs: reference/standard-sql/lexical, "Table names": a path of dataset and table,
	// quoted whole, in parts, or not at all, or with the project first; a table alone
	// is found in the query's default dataset (jobs.query, "defaultDataset")
	@Test
	void namesResolveQuotedOrNotWithOrWithoutProjectAndInTheDefaultDataset() throws InterruptedException {
		run("CREATE TABLE dataset.Singers (id INT64, name STRING)");
		run("INSERT dataset.Singers (id, name) VALUES (1, 'Ada'), (2, 'Bo')");
		run("INSERT INTO `dataset`.`Singers` (id, name) VALUES (3, 'Cy')");
		run("INSERT `doc-project.dataset.Singers` (id, name) VALUES (4, 'Di')");
		assertThat(rows(run("SELECT COUNT(*) FROM dataset.Singers"))).containsExactly(List.of("4"));
		assertThat(rows(run("SELECT name FROM `doc-project`.dataset.Singers WHERE id = 1")))
			.containsExactly(List.of("Ada"));
		assertThat(rows(
				run("SELECT s.name FROM `dataset.Singers` AS s JOIN dataset.Singers t USING (id) " + "WHERE t.id = 2")))
			.containsExactly(List.of("Bo"));
		assertThat(rows(run(QueryJobConfiguration.newBuilder("SELECT name FROM Singers WHERE id = 3")
			.setDefaultDataset("dataset")))).containsExactly(List.of("Cy"));
		assertThatThrownBy(() -> run("SELECT name FROM Singers"))
			.hasMessageContaining("must be qualified with a dataset");
	}

	// docs: queries/parameterized-queries, "Running parameterized queries": named
	// parameters (@name), positional ones (?), an array parameter used with UNNEST, and a
	// struct parameter's fields
	@Test
	void namedPositionalAndArrayParametersAreBound() throws InterruptedException {
		TableResult named = run(QueryJobConfiguration.newBuilder("SELECT @word AS word, @n + 1 AS next, @day AS day")
			.addNamedParameter("word", QueryParameterValue.string("romeo"))
			.addNamedParameter("n", QueryParameterValue.int64(41))
			.addNamedParameter("day", QueryParameterValue.date("2024-01-05")));
		assertThat(rows(named)).containsExactly(List.of("romeo", "42", "2024-01-05"));

		TableResult positional = run(QueryJobConfiguration.newBuilder("SELECT '?' AS mark, ? AS first, ? * 2 AS second")
			.addPositionalParameter(QueryParameterValue.string("a"))
			.addPositionalParameter(QueryParameterValue.float64(1.25)));
		assertThat(rows(positional)).as("a question mark in a string is no parameter")
			.containsExactly(List.of("?", "a", "2.5"));

		TableResult array = run(
				QueryJobConfiguration.newBuilder("SELECT COUNT(*) AS above FROM UNNEST(@values) AS v WHERE v > @min")
					.addNamedParameter("values", QueryParameterValue.array(new Long[] { 1L, 5L, 9L }, Long.class))
					.addNamedParameter("min", QueryParameterValue.int64(4)));
		assertThat(rows(array)).containsExactly(List.of("2"));

		TableResult struct = run(QueryJobConfiguration.newBuilder("SELECT @book.title AS title, @book.year + 1 AS next")
			.addNamedParameter("book", QueryParameterValue
				.struct(Map.of("title", QueryParameterValue.string("Emma"), "year", QueryParameterValue.int64(1815)))));
		assertThat(rows(struct)).containsExactly(List.of("Emma", "1816"));
		assertThatThrownBy(() -> run("SELECT @missing")).hasMessageContaining("Query parameter 'missing' not found");
	}

	// docs: reference/standard-sql/query-syntax, "Implicit aliases": a column with no
	// name is given one, f0_, f1_, ... in order of the unnamed columns
	@Test
	void unnamedColumnsAreNamedF0F1AndSoOn() throws InterruptedException {
		TableResult result = run("SELECT 1, 'a' AS letter, 2 + 2");
		assertThat(names(result)).containsExactly("f0_", "letter", "f1_");
		assertThat(rows(result)).containsExactly(List.of("1", "a", "4"));
	}

	// docs: reference/rest/v2/tables#TableFieldSchema (an ARRAY is its element's type
	// in REPEATED mode, a STRUCT a RECORD with its fields) and data-types (JSON,
	// NUMERIC, BIGNUMERIC, BYTES, TIME)
	@Test
	void resultsOfEveryTypeComeInTheRestEncoding() throws InterruptedException {
		TableResult result = run("SELECT [1, 2] AS numbers, STRUCT(7 AS x, 'y' AS y) AS pair, "
				+ "JSON '{\"k\": 1}' AS doc, NUMERIC '1.50' AS price, BIGNUMERIC '2.25' AS big, b'xy' AS raw, "
				+ "TIME '09:30:00' AS clock, [STRUCT(1 AS id)] AS ids");
		List<Field> fields = result.getSchema().getFields();
		assertThat(fields.get(0).getType()).isEqualTo(LegacySQLTypeName.INTEGER);
		assertThat(fields.get(0).getMode()).isEqualTo(Field.Mode.REPEATED);
		assertThat(fields.get(1).getType()).isEqualTo(LegacySQLTypeName.RECORD);
		assertThat(fields.get(1).getSubFields()).extracting(Field::getName).containsExactly("x", "y");
		assertThat(fields.get(2).getType().getStandardType()).isEqualTo(StandardSQLTypeName.JSON);
		assertThat(fields.get(3).getType()).isEqualTo(LegacySQLTypeName.NUMERIC);
		assertThat(fields.get(4).getType()).isEqualTo(LegacySQLTypeName.BIGNUMERIC);
		assertThat(fields.get(5).getType()).isEqualTo(LegacySQLTypeName.BYTES);
		assertThat(fields.get(6).getType()).isEqualTo(LegacySQLTypeName.TIME);
		assertThat(fields.get(7).getType()).isEqualTo(LegacySQLTypeName.RECORD);
		assertThat(fields.get(7).getMode()).isEqualTo(Field.Mode.REPEATED);

		FieldValueList row = result.iterateAll().iterator().next();
		assertThat(row.get("numbers").getRepeatedValue()).extracting(FieldValue::getLongValue).containsExactly(1L, 2L);
		FieldValueList pair = row.get("pair").getRecordValue();
		assertThat(pair.get(0).getLongValue()).isEqualTo(7);
		assertThat(pair.get(1).getStringValue()).isEqualTo("y");
		assertThat(row.get("doc").getStringValue()).isEqualTo("{\"k\":1}");
		assertThat(row.get("price").getNumericValue()).isEqualByComparingTo(new BigDecimal("1.5"));
		assertThat(row.get("price").getStringValue()).isEqualTo("1.5");
		assertThat(row.get("big").getStringValue()).isEqualTo("2.25");
		assertThat(new String(row.get("raw").getBytesValue(), StandardCharsets.UTF_8)).isEqualTo("xy");
		assertThat(row.get("clock").getStringValue()).isEqualTo("09:30:00");
		assertThat(row.get("ids").getRepeatedValue().get(0).getRecordValue().get(0).getLongValue()).isEqualTo(1);
	}

	// docs: reference/standard-sql/dml-syntax, "TRUNCATE TABLE statement": deletes all
	// rows; its syntax has no WHERE clause
	@Test
	void truncateTableDeletesEveryRow() throws InterruptedException {
		run("CREATE TABLE dataset.Logs (line STRING)");
		run("INSERT dataset.Logs (line) VALUES ('a'), ('b'), ('c')");
		run("TRUNCATE TABLE dataset.Logs");
		assertThat(rows(run("SELECT COUNT(*) FROM dataset.Logs"))).containsExactly(List.of("0"));
		assertThatThrownBy(() -> run("TRUNCATE TABLE dataset.Logs WHERE line = 'a'"))
			.hasMessageContaining("Syntax error");
	}

	// docs: reference/standard-sql/dml-syntax, "MERGE statement": INSERT ROW inserts
	// the source row's columns, in order, into the target's
	@Test
	void mergeInsertRowCopiesTheSourceRow() throws InterruptedException {
		run("CREATE TABLE dataset.NewArrivals (product STRING, quantity INT64, warehouse STRING)");
		run("CREATE TABLE dataset.Received (product STRING, quantity INT64, warehouse STRING)");
		run("INSERT dataset.NewArrivals VALUES ('dryer', 200, 'warehouse #2'), ('oven', 300, 'warehouse #3')");
		run("INSERT dataset.Received VALUES ('oven', 300, 'warehouse #3')");
		run("MERGE dataset.Received T USING dataset.NewArrivals S ON T.product = S.product "
				+ "WHEN NOT MATCHED THEN INSERT ROW");
		assertThat(rows(run("SELECT product, quantity, warehouse FROM dataset.Received ORDER BY product")))
			.containsExactly(List.of("dryer", "200", "warehouse #2"), List.of("oven", "300", "warehouse #3"));
	}

	// docs: information-schema-tables, "TABLES view", and information-schema-columns,
	// "COLUMNS view": a dataset's tables and views, and each column's position,
	// nullability, type, partitioning and clustering
	@Test
	void informationSchemaListsADatasetsTablesAndColumns() throws InterruptedException {
		run("CREATE TABLE dataset.Singers (id INT64 NOT NULL, name STRING, debut DATE) PARTITION BY debut "
				+ "CLUSTER BY name");
		run("CREATE VIEW dataset.Names AS SELECT name FROM dataset.Singers WHERE debut > '2000-01-01'");
		run("CREATE TABLE other.Elsewhere (x INT64)");
		assertThat(rows(
				run("SELECT table_name, table_type FROM dataset.INFORMATION_SCHEMA.TABLES " + "ORDER BY table_name")))
			.containsExactly(List.of("Names", "VIEW"), List.of("Singers", "BASE TABLE"));
		assertThat(rows(run("SELECT column_name, ordinal_position, is_nullable, data_type, is_partitioning_column, "
				+ "clustering_ordinal_position FROM `doc-project`.dataset.INFORMATION_SCHEMA.COLUMNS "
				+ "WHERE table_name = 'Singers' ORDER BY ordinal_position")))
			.containsExactly(Arrays.asList("id", "1", "NO", "INT64", "NO", null),
					Arrays.asList("name", "2", "YES", "STRING", "NO", "1"),
					Arrays.asList("debut", "3", "YES", "DATE", "YES", null));
		assertThat(rows(run(QueryJobConfiguration
			.newBuilder("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE table_name = 'Elsewhere'")
			.setDefaultDataset("other")))).containsExactly(List.of("1"));
	}

	// docs: reference/standard-sql/procedural-language, "DECLARE" and "SET": a variable
	// has its declared type (or its default's), is NULL until set, is cast to its type on
	// SET, takes a struct's fields in order with SET (a, b) = ..., and is read by name
	@Test
	void scriptVariablesAreDeclaredSetAndRead() throws InterruptedException {
		run("CREATE TABLE dataset.Books (title STRING, year INT64)");
		run("INSERT dataset.Books VALUES ('Dune', 1965), ('Emma', 1815), ('Ulysses', 1922)");
		TableResult result = run("""
				DECLARE since INT64 DEFAULT 1900;
				DECLARE label STRING;
				DECLARE oldest, newest INT64;
				SET (oldest, newest) = (SELECT AS STRUCT MIN(year), MAX(year) FROM dataset.Books);
				SET label = CONCAT('after ', CAST(since AS STRING));
				IF newest > since THEN
				  SELECT label, COUNT(*) AS books, oldest FROM dataset.Books WHERE year > since;
				END IF""");
		assertThat(rows(result)).containsExactly(List.of("after 1900", "2", "1815"));
		assertThatThrownBy(() -> run("DECLARE x INT64; DECLARE x INT64; SELECT 1"))
			.hasMessageContaining("already defined");
		assertThatThrownBy(() -> run("SET y = 1; SELECT 1")).hasMessageContaining("Unrecognized name: y");
	}

}
