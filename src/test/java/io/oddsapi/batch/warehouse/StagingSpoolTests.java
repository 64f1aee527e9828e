package io.oddsapi.batch.warehouse;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.oddsapi.batch.job.PublishedObjectRow;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The JDBC staging read back as a spool: every row once, in staging order, across pages. */
class StagingSpoolTests extends FunctionalTest {

	@ParameterizedTest
	@EnumSource(Backend.class)
	void aRunsStagedRowsComeBackInOrderPageAfterPage(Backend backend) {
		JobHarness app = start(database(backend));
		JdbcWarehouse warehouse = (JdbcWarehouse) app.bean(Warehouse.class);
		warehouse.prepare();
		int count = JdbcSql.PAGE_SIZE * 2 + 1;
		List<StagedRow> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			rows.add(new StagedRow(i / 7, i % 7, 0, new PublishedObjectRow("o" + i, 1L, 2L, "game-lines",
					LocalDate.of(2026, 1, 14), 3L, 4L, "published")));
		}
		warehouse.stage(42, rows);
		warehouse.stage(43, rows.subList(0, 10));
		TableDefinition ledger = app.bean(RowTables.class).catalog().ledger();
		Iterator<Map<String, Object>> read = warehouse.stagedRows(42, ledger);
		int n = 0;
		while (read.hasNext()) {
			Map<String, Object> row = read.next();
			assertThat(row.get("source_file_path")).isEqualTo("o" + n);
			n++;
		}
		assertThat(n).isEqualTo(count);
	}
}
