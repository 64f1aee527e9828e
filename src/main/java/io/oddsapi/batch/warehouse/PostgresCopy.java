package io.oddsapi.batch.warehouse;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Stages rows on PostgreSQL with COPY ... FROM STDIN in its binary format, on the
 * connection of the chunk's transaction, so that a chunk's rows still commit, or roll
 * back, with its position. Binary, since the text format made the client print and the
 * server parse every timestamp and number of every row. Sent in 64 KB pieces as they are
 * encoded.
 */
final class PostgresCopy {

	private static final int PIECE = 64 * 1024;

	private static final byte[] SIGNATURE = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0 };

	/** PostgreSQL counts dates and timestamps from 2000-01-01. */
	private static final long EPOCH_DAY_2000 = LocalDate.of(2000, 1, 1).toEpochDay();

	private static final long EPOCH_SECOND_2000 = EPOCH_DAY_2000 * 86_400;

	private PostgresCopy() {
	}

	/**
	 * {@code rows}: values as {@link RowBinder#stagingValues} gives them, whose Java
	 * types are the columns' (a Long for BIGINT, an Integer for INTEGER, an Instant for
	 * TIMESTAMPTZ ...), as job-config and the staging DDL make them.
	 */
	static void copy(DataSource dataSource, String table, List<String> columns, List<Object[]> rows) {
		Connection connection = DataSourceUtils.getConnection(dataSource);
		try {
			CopyIn copy = connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN (FORMAT binary)");
			try {
				Encoder out = new Encoder(PIECE + 4096);
				out.write(SIGNATURE, 0, SIGNATURE.length);
				out.int32(0); // flags
				out.int32(0); // header extension
				for (Object[] row : rows) {
					out.int16(row.length);
					for (Object value : row) {
						out.field(value);
					}
					if (out.size() >= PIECE) {
						copy.writeToCopy(out.buffer(), 0, out.size());
						out.reset();
					}
				}
				out.int16(-1);
				copy.writeToCopy(out.buffer(), 0, out.size());
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

	/**
	 * COPY's binary format into a growing buffer (ByteArrayOutputStream locks on every
	 * byte).
	 */
	static final class Encoder {

		private byte[] buf;

		private int size;

		Encoder(int capacity) {
			buf = new byte[capacity];
		}

		byte[] buffer() {
			return buf;
		}

		int size() {
			return size;
		}

		void reset() {
			size = 0;
		}

		/** One value: its length (-1 for NULL), then its bytes in network order. */
		void field(Object value) {
			if (value == null) {
				int32(-1);
			}
			else if (value instanceof String text) {
				byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
				int32(bytes.length);
				write(bytes, 0, bytes.length);
			}
			else if (value instanceof Long number) {
				int32(8);
				int64(number);
			}
			else if (value instanceof Integer number) {
				int32(4);
				int32(number);
			}
			else if (value instanceof Double number) {
				int32(8);
				int64(Double.doubleToRawLongBits(number));
			}
			else if (value instanceof Instant instant) {
				int32(8);
				// to the microsecond, rounded half up as the text format's parser rounds
				int64((instant.getEpochSecond() - EPOCH_SECOND_2000) * 1_000_000 + (instant.getNano() + 500) / 1000);
			}
			else if (value instanceof LocalDate date) {
				int32(4);
				int32((int) (date.toEpochDay() - EPOCH_DAY_2000));
			}
			else if (value instanceof Boolean bool) {
				int32(1);
				room(1);
				buf[size++] = (byte) (bool ? 1 : 0);
			}
			else {
				throw new IllegalArgumentException("no COPY encoding for " + value.getClass().getName());
			}
		}

		void write(byte[] bytes, int offset, int length) {
			room(length);
			System.arraycopy(bytes, offset, buf, size, length);
			size += length;
		}

		void int16(int value) {
			room(2);
			buf[size++] = (byte) (value >>> 8);
			buf[size++] = (byte) value;
		}

		void int32(int value) {
			room(4);
			buf[size++] = (byte) (value >>> 24);
			buf[size++] = (byte) (value >>> 16);
			buf[size++] = (byte) (value >>> 8);
			buf[size++] = (byte) value;
		}

		void int64(long value) {
			int32((int) (value >>> 32));
			int32((int) value);
		}

		private void room(int bytes) {
			if (size + bytes > buf.length) {
				buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + bytes));
			}
		}

	}

}
