package io.oddsapi.batch.warehouse;

import java.time.Instant;
import java.time.LocalDate;

/** Column types, named as BigQuery names them; each dialect maps them to its own. */
public enum ColumnType {

	STRING(String.class), INT64(Long.class), FLOAT64(Double.class), TIMESTAMP(Instant.class), DATE(LocalDate.class),
	BOOL(Boolean.class);

	private final Class<?> javaType;

	ColumnType(Class<?> javaType) {
		this.javaType = javaType;
	}

	public Class<?> javaType() {
		return javaType;
	}

}
