package io.oddsapi.batch.warehouse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The binding of row record types to their target tables, checked when it is made. */
public final class RowTables {

	private final TableCatalog catalog;

	private final Map<Class<?>, RowBinder> binders = new HashMap<>();

	public RowTables(TableCatalog catalog, List<Class<? extends Record>> rowTypes) {
		this.catalog = catalog;
		for (Class<? extends Record> rowType : rowTypes) {
			binders.put(rowType, RowBinder.bind(catalog.forRowType(rowType.getSimpleName()), rowType));
		}
	}

	public TableCatalog catalog() {
		return catalog;
	}

	public RowBinder binderFor(Record row) {
		RowBinder binder = binders.get(row.getClass());
		if (binder == null) {
			throw new IllegalArgumentException("no table takes rows of type " + row.getClass().getSimpleName());
		}
		return binder;
	}

}
