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

/** Tables and views read back through the BigQuery client, described as {@link JobHarness#rows} describes JDBC rows. */
public final class BigQueryTables {

	private BigQueryTables() {
	}

	public static List<String> rows(BigQuery bigQuery, String dataset, String table) {
		TableResult result;
		try {
			result = bigQuery.query(QueryJobConfiguration.newBuilder("SELECT * FROM `" + dataset + "." + table + "`")
				.setUseLegacySql(false)
				.build());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		List<String> rows = new ArrayList<>();
		for (FieldValueList row : result.iterateAll()) {
			Map<String, Object> values = new LinkedHashMap<>();
			for (Field field : result.getSchema().getFields()) {
				values.put(field.getName(), value(field, row.get(field.getName())));
			}
			rows.add(JobHarness.describe(values));
		}
		return rows.stream().sorted().toList();
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
			default -> value.getStringValue();
		};
	}
}
