package io.oddsapi.batch.warehouse;

import java.util.Map;

/** A view over one target table: output column -> source column, rows filtered by column = value. */
public record ViewDefinition(String name, Map<String, String> columns, Map<String, String> where) {
}
