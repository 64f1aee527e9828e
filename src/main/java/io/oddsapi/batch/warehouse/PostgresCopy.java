package io.oddsapi.batch.warehouse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Stages rows on PostgreSQL with COPY ... FROM STDIN in its text format, on the connection of the chunk's
 * transaction, so that a chunk's rows still commit, or roll back, with its position. Sent in 64 KB pieces as they are
 * encoded.
 */
final class PostgresCopy {

	private static final int PIECE = 64 * 1024;

	private PostgresCopy() {
	}

	static void copy(DataSource dataSource, String table, List<String> columns, List<Object[]> rows) {
		Connection connection = DataSourceUtils.getConnection(dataSource);
		try {
			CopyIn copy = connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN");
			try {
				ByteArrayOutputStream piece = new ByteArrayOutputStream(PIECE + 4096);
				StringBuilder line = new StringBuilder(512);
				for (Object[] row : rows) {
					line.setLength(0);
					for (int i = 0; i < row.length; i++) {
						if (i > 0) {
							line.append('\t');
						}
						field(line, row[i]);
					}
					line.append('\n');
					piece.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
					if (piece.size() >= PIECE) {
						copy.writeToCopy(piece.toByteArray(), 0, piece.size());
						piece.reset();
					}
				}
				copy.writeToCopy(piece.toByteArray(), 0, piece.size());
				copy.endCopy();
			}
			finally {
				if (copy.isActive()) {
					copy.cancelCopy();
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("staging by COPY into " + table + " failed: " + ex.getMessage(), ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, dataSource);
		}
	}

	/** One value in COPY's text format: {@code \N} for NULL, backslash escapes for the characters it gives meaning. */
	static void field(StringBuilder line, Object value) {
		if (value == null) {
			line.append("\\N");
			return;
		}
		// Instant's text is ISO-8601 UTC; numbers and dates as PostgreSQL reads them
		String text = value instanceof Boolean bool ? (bool ? "t" : "f") : ValueText.of(value);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\\' -> line.append("\\\\");
				case '\t' -> line.append("\\t");
				case '\n' -> line.append("\\n");
				case '\r' -> line.append("\\r");
				default -> line.append(c);
			}
		}
	}
}
