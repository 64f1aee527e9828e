package io.oddsapi.batch.warehouse.bigquery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import io.oddsapi.batch.coverage.CoverageRow;
import io.oddsapi.batch.job.PublishedObjectRow;
import io.oddsapi.batch.job.RejectedFileRow;
import io.oddsapi.batch.odds.EventRowMapper;
import io.oddsapi.batch.odds.EventRows;
import io.oddsapi.batch.odds.GameLineRow;
import io.oddsapi.batch.odds.OddsEvent;
import io.oddsapi.batch.odds.OddsFileParser;
import io.oddsapi.batch.odds.OfficialGameIds;
import io.oddsapi.batch.odds.PlayerPointsPropRow;
import io.oddsapi.batch.odds.PlayerPropRow;
import io.oddsapi.batch.odds.PriceFormat;
import io.oddsapi.batch.odds.SnapshotContext;
import io.oddsapi.batch.samples.SampleBucketGenerator;
import io.oddsapi.batch.source.OddsObjectName;
import io.oddsapi.batch.support.ResultsFile;
import io.oddsapi.batch.warehouse.RowBinder;
import io.oddsapi.batch.warehouse.RowTables;
import io.oddsapi.batch.warehouse.SharedSql;
import io.oddsapi.batch.warehouse.SqlDialect;
import io.oddsapi.batch.warehouse.TableCatalog;
import io.oddsapi.batch.warehouse.TableDefinition;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load file BigQuery is sent, per row, in the formats it loads: newline-delimited
 * JSON as the warehouse writes it before Avro, gzipped, and Avro (BigQuery's own mapping:
 * timestamps as timestamp-micros, dates as date) without and with deflate blocks, the
 * latter being the load file the warehouse sends ({@link AvroLoadFile}). The rows are the
 * staging rows of the benchmark's full day (both endpoints, every table of odds), made by
 * the job's own parser and mapper. Writes target/bench/load-file-formats.md.
 */
@Tag("bench")
class LoadFileFormatBenchmarkTests {

	static final LocalDate DATE = LocalDate.of(2026, 1, 14);

	static final TableCatalog CATALOG = TableCatalog.load("file:job-config/tables/");

	static final RowTables ROW_TABLES = new RowTables(CATALOG, List.of(GameLineRow.class, PlayerPropRow.class,
			PlayerPointsPropRow.class, RejectedFileRow.class, PublishedObjectRow.class, CoverageRow.class));

	private static final JsonFactory JSON = JsonFactory.builder().build();

	static final SharedSql SQL = new SharedSql(SqlDialect.BIGQUERY, UnaryOperator.identity());

	@TempDir
	Path corpus;

	record Encoded(String format, long bytes, double seconds) {
	}

	@Test
	void avroIsSmallerAndTypedWhereJsonIsText() throws IOException {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.fullDay(DATE, 12)).writeTo(corpus);
		Map<TableDefinition, List<Map<String, Object>>> staged = stagedRows();
		StringBuilder table = new StringBuilder("| table | rows | format | bytes per row | vs NDJSON | encoding (s) |\n"
				+ "|---|---|---|---|---|---|\n");
		for (Map.Entry<TableDefinition, List<Map<String, Object>>> entry : staged.entrySet()) {
			TableDefinition definition = entry.getKey();
			List<Map<String, Object>> rows = entry.getValue();
			AvroLoadFile file = new AvroLoadFile(SQL, definition);
			List<Encoded> formats = new ArrayList<>();
			formats.add(encode("NDJSON", out -> ndjson(rows, out)));
			formats.add(encode("NDJSON, gzip", out -> {
				try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
					ndjson(rows, gzip);
				}
			}));
			formats.add(encode("Avro", out -> avro(file, rows, CodecFactory.nullCodec(), out)));
			formats.add(encode("Avro, deflate, per chunk (the spool)", out -> {
				for (byte[] chunk : chunkFiles(file, rows)) {
					out.write(chunk);
				}
			}));
			formats.add(encode("Avro, deflate (the load file)", out -> loadFile(file, rows, out)));
			for (Encoded e : formats) {
				table.append(String.format(Locale.ROOT, "| %s | %,d | %s | %.1f | %.2fx | %.2f |%n", definition.name(),
						rows.size(), e.format(), (double) e.bytes() / rows.size(),
						(double) e.bytes() / formats.get(0).bytes(), e.seconds()));
			}
			assertThat(formats.get(2).bytes()).as("Avro of " + definition.name()).isLessThan(formats.get(0).bytes());
			assertSameRowsBack(file, rows);
		}
		System.out.println(table);
		ResultsFile.of("bench", "load-file-formats", "BigQuery's load file", getClass()).table(table.toString());
	}

	/**
	 * Every table's staging rows of the day, column -> value, as the spool hands them to
	 * the load.
	 */
	private Map<TableDefinition, List<Map<String, Object>>> stagedRows() throws IOException {
		Map<TableDefinition, List<Map<String, Object>>> staged = new LinkedHashMap<>();
		List<Path> files;
		try (Stream<Path> walk = Files.walk(corpus)) {
			files = walk.filter(p -> p.toString().endsWith(".json"))
				.filter(p -> !corpus.relativize(p).toString().contains("-history/"))
				.sorted()
				.toList();
		}
		for (int objectIndex = 0; objectIndex < files.size(); objectIndex++) {
			Path file = files.get(objectIndex);
			String name = corpus.relativize(file).toString();
			boolean props = name.startsWith("odds-api/player-props/");
			byte[] bytes = Files.readAllBytes(file);
			OddsFileParser.FileScan scan = OddsFileParser.scan(new ByteArrayInputStream(bytes));
			PriceFormat format = scan.prices().detect();
			SnapshotContext context = new SnapshotContext(DATE, OddsObjectName.parse(name).orElseThrow().captureTime(),
					null, null, name, "current", format, null, null);
			int eventIndex = 0;
			try (OddsFileParser.Events cursor = scan.replay(() -> new ByteArrayInputStream(bytes))) {
				for (OddsEvent event = cursor.next(); event != null; event = cursor.next(), eventIndex++) {
					EventRows rows = EventRowMapper.map(event, context, OfficialGameIds.NONE, !props, props);
					int ordinal = 0;
					for (List<? extends Record> typed : List.of(rows.gameLines(), rows.playerProps(),
							rows.playerPointsProps())) {
						for (Record row : typed) {
							RowBinder binder = ROW_TABLES.binderFor(row);
							staged.computeIfAbsent(binder.table(), t -> new ArrayList<>())
								.add(stagingRow(binder, row, objectIndex, eventIndex, ordinal++));
						}
					}
				}
			}
		}
		return staged;
	}

	private static Map<String, Object> stagingRow(RowBinder binder, Record row, int objectIndex, int eventIndex,
			int ordinal) {
		List<String> columns = SQL.stagingColumns(binder.table());
		Object[] values = binder.hashedValues(row);
		Map<String, Object> staged = new LinkedHashMap<>();
		staged.put(columns.get(0), 1L);
		staged.put(columns.get(1), (long) objectIndex);
		staged.put(columns.get(2), (long) eventIndex);
		staged.put(columns.get(3), (long) ordinal);
		for (int i = 0; i < values.length; i++) {
			staged.put(columns.get(4 + i), values[i]);
		}
		return staged;
	}

	interface Writing {

		void to(OutputStream out) throws IOException;

	}

	private static Encoded encode(String format, Writing writing) throws IOException {
		long best = Long.MAX_VALUE;
		long bytes = 0;
		for (int round = 0; round < 3; round++) { // the first round warms the JIT
			ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
			long start = System.nanoTime();
			writing.to(out);
			best = Math.min(best, System.nanoTime() - start);
			bytes = out.size();
		}
		return new Encoded(format, bytes, best / 1e9);
	}

	/**
	 * Newline-delimited JSON as the warehouse sent it before Avro: a row per line, nulls
	 * left out.
	 */
	private static void ndjson(List<Map<String, Object>> rows, OutputStream out) throws IOException {
		for (Map<String, Object> row : rows) {
			StringWriter line = new StringWriter();
			try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), line)) {
				g.writeStartObject();
				for (Map.Entry<String, Object> entry : row.entrySet()) {
					Object value = entry.getValue();
					if (value == null) {
						continue;
					}
					g.writeName(entry.getKey());
					if (value instanceof Double number) {
						g.writeNumber(number);
					}
					else if (value instanceof Number number) {
						g.writeNumber(number.longValue());
					}
					else if (value instanceof Boolean bool) {
						g.writeBoolean(bool);
					}
					else {
						// Instant and LocalDate print as BigQuery reads them
						g.writeString(value.toString());
					}
				}
				g.writeEndObject();
			}
			out.write(line.toString().getBytes(StandardCharsets.UTF_8));
			out.write('\n');
		}
	}

	private static void avro(AvroLoadFile file, List<Map<String, Object>> rows, CodecFactory codec, OutputStream out)
			throws IOException {
		try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(
				new GenericDatumWriter<GenericRecord>(file.schema()))) {
			writer.setCodec(codec);
			writer.create(file.schema(), out);
			GenericData.Record record = new GenericData.Record(file.schema());
			for (Map<String, Object> row : rows) {
				int i = 0;
				for (Object value : row.values()) {
					record.put(i++, AvroLoadFile.value(value));
				}
				writer.append(record);
			}
		}
	}

	/** As the stage step spools them: one Avro file per chunk of the job's 20 events. */
	private static List<byte[]> chunkFiles(AvroLoadFile file, List<Map<String, Object>> rows) {
		List<byte[]> chunks = new ArrayList<>();
		List<Object[]> chunk = new ArrayList<>();
		Set<List<Object>> eventsOfChunk = new HashSet<>();
		for (Map<String, Object> row : rows) {
			List<Object> event = List.of(row.get("object_index"), row.get("event_index"));
			if (eventsOfChunk.add(event) && eventsOfChunk.size() > 20) {
				chunks.add(file.chunkFile(chunk));
				chunk = new ArrayList<>();
				eventsOfChunk.clear();
				eventsOfChunk.add(event);
			}
			chunk.add(row.values().toArray());
		}
		chunks.add(file.chunkFile(chunk));
		return chunks;
	}

	/**
	 * As the warehouse makes the load file: the spooled chunks' blocks copied under one
	 * header.
	 */
	private static void loadFile(AvroLoadFile file, List<Map<String, Object>> rows, OutputStream out)
			throws IOException {
		List<byte[]> chunks = chunkFiles(file, rows);
		file.concatenate(reader -> chunks.forEach(bytes -> {
			try {
				reader.read(new ByteArrayInputStream(bytes));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}), out);
	}

	/**
	 * The load file reads back to the same values, so the comparison is of equal content.
	 */
	private static void assertSameRowsBack(AvroLoadFile file, List<Map<String, Object>> rows) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		loadFile(file, rows, out);
		try (DataFileStream<GenericRecord> in = new DataFileStream<>(new ByteArrayInputStream(out.toByteArray()),
				new GenericDatumReader<>())) {
			int n = 0;
			for (GenericRecord record : in) {
				List<Object> expected = rows.get(n++).values().stream().map(AvroLoadFile::value).toList();
				List<Object> actual = new ArrayList<>();
				for (int i = 0; i < expected.size(); i++) {
					Object value = record.get(i);
					actual.add(value instanceof Utf8 text ? text.toString() : value);
				}
				assertThat(actual).isEqualTo(expected);
			}
			assertThat(n).isEqualTo(rows.size());
		}
	}

}
