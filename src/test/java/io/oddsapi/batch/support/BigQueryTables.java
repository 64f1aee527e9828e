package io.oddsapi.batch.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableResult;

/**
 * Tables and views read back through the BigQuery client, described as
 * {@link JobHarness#rows} describes JDBC rows.
 */
public final class BigQueryTables {

	private BigQueryTables() {
	}

	public static List<String> rows(BigQuery bigQuery, String dataset, String table) {
		return rowMaps(bigQuery, dataset, table, "").stream().map(JobHarness::describe).sorted().toList();
	}

	/**
	 * Rows of a table or view as {@link JobHarness#rowMaps} gives them, in no particular
	 * order.
	 */
	public static List<Map<String, Object>> rowMaps(BigQuery bigQuery, String dataset, String table, String where) {
		return query(bigQuery,
				"SELECT * FROM `" + dataset + "." + table + "`" + (where.isEmpty() ? "" : " WHERE " + where));
	}

	/**
	 * The rows of a query, each as column name -> value (as {@link #rowMaps} gives them).
	 */
	public static List<Map<String, Object>> query(BigQuery bigQuery, String sql) {
		TableResult result;
		try {
			result = bigQuery.query(QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false).build());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		List<Map<String, Object>> rows = new ArrayList<>();
		for (FieldValueList row : result.iterateAll()) {
			Map<String, Object> values = new LinkedHashMap<>();
			for (Field field : result.getSchema().getFields()) {
				values.put(field.getName(), value(field, row.get(field.getName())));
			}
			rows.add(values);
		}
		return rows;
	}

	private static Object value(Field field, FieldValue value) {
		if (value.isNull()) {
			return null;
		}
		StandardSQLTypeName type = field.getType().getStandardType();
		return switch (type) {
			case TIMESTAMP -> Instant.EPOCH.plusNanos(value.getTimestampValue() * 1000);
			case INT64 -> value.getLongValue();
			case FLOAT64 -> value.getDoubleValue();
			case BOOL -> value.getBooleanValue();
			default -> value.getStringValue();
		};
	}

}
