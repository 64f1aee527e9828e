package io.oddsapi.batch.warehouse.bigquery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.oddsapi.batch.job.PublishedObjectRow;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.warehouse.RowBinder;
import io.oddsapi.batch.warehouse.RowTables;
import io.oddsapi.batch.warehouse.StagePosition;
import io.oddsapi.batch.warehouse.StagedRow;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The BigQuery warehouse's spool of Avro chunks in the job repository's database, on both
 * repository databases.
 */
class AvroChunkSpoolTests extends FunctionalTest {

	@ParameterizedTest
	@EnumSource(Backend.class)
	void chunksFromARestartPositionOnAreDiscardedAndTheRestMakeOneLoadFile(Backend backend) throws IOException {
		JobHarness app = start(database(backend));
		AvroChunkSpool spool = new AvroChunkSpool(app.bean(DataSource.class));
		spool.prepare();
		RowBinder ledger = app.bean(RowTables.class).binderFor(ledgerRow(0));
		AvroLoadFile file = new AvroLoadFile(new BigQuerySql("odds").shared(), ledger.table());
		String table = ledger.table().name();
		// first object, event; last object, event
		int[][] chunks = { { 0, 0, 0, 1 }, { 0, 2, 1, 0 }, { 2, 0, 2, 3 } };
		int n = 0;
		for (int[] chunk : chunks) {
			List<Object[]> rows = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				rows.add(ledger.stagingValues(9, new StagedRow(chunk[0], chunk[1], i, ledgerRow(n++))));
			}
			spool.add(9, table, new StagePosition(chunk[0], chunk[1]), new StagePosition(chunk[2], chunk[3]), 3,
					file.chunkFile(rows));
		}
		spool.add(10, table, StagePosition.START, StagePosition.START, 1,
				file.chunkFile(List.<Object[]>of(ledger.stagingValues(10, new StagedRow(0, 0, 0, ledgerRow(99))))));

		spool.discard(9, new StagePosition(2, 0));
		assertThat(spool.rowCount(9, table)).isEqualTo(6);
		assertThat(spool.rowCount(10, table)).as("another run's chunks untouched").isEqualTo(1);
		assertThatThrownBy(() -> spool.discard(9, new StagePosition(0, 1)))
			.hasMessageContaining("spanning its restart position");

		ByteArrayOutputStream out = new ByteArrayOutputStream();
		file.concatenate(chunk -> spool.forEach(9, table, chunk), out);
		List<String> paths = new ArrayList<>();
		try (DataFileStream<GenericRecord> loaded = new DataFileStream<>(new ByteArrayInputStream(out.toByteArray()),
				new GenericDatumReader<>())) {
			loaded.forEach(row -> paths.add(row.get("source_file_path").toString()));
		}
		assertThat(paths).containsExactly("o0", "o1", "o2", "o3", "o4", "o5");
		spool.clear(9, table);
		assertThat(spool.rowCount(9, table)).isZero();
	}

	private static PublishedObjectRow ledgerRow(int n) {
		return new PublishedObjectRow("o" + n, 1L, 2L, "game-lines", LocalDate.of(2026, 1, 14), 3L, 4L, "published");
	}

}
