package io.oddsapi.batch.warehouse.bigquery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --odds.dry-run=PATH}: sends nothing to BigQuery and writes every statement it
 * would send to PATH, exactly as it would send it, each followed by {@code ;} and a
 * newline; a load job is written as a comment naming its job id, table and row count.
 * Needs no credentials and no network. Tables look missing, so their DDL is written.
 */
public class DryRunGateway implements BigQueryGateway {

	private final Path script;

	public DryRunGateway(Path script) {
		this.script = script;
		try {
			if (script.getParent() != null) {
				Files.createDirectories(script.getParent());
			}
			Files.writeString(script, "-- oddsapi-batch dry run: the statements it would send to BigQuery\n",
					StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the dry-run script " + script, ex);
		}
	}

	@Override
	public Attempt execute(String statement, String jobId) {
		append("-- job " + jobId + "_a1\n" + statement + ";\n");
		return new Attempt(jobId + "_a1", 0);
	}

	@Override
	public Attempt load(String table, LoadFile file, long rowCount, String jobId) {
		append("-- load job " + jobId + "_a1: " + rowCount + " rows of Avro into " + table + " (WRITE_TRUNCATE)\n");
		return new Attempt(jobId + "_a1", 0);
	}

	@Override
	public List<Map<String, String>> query(String sql) {
		append(sql + ";\n");
		return List.of();
	}

	@Override
	public Optional<Map<String, String>> columns(String table) {
		return Optional.empty();
	}

	private synchronized void append(String text) {
		try {
			Files.writeString(script, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the dry-run script " + script, ex);
		}
	}

}
