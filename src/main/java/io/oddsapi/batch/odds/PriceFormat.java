package io.oddsapi.batch.odds;

/**
 * How a file writes its prices. The file does not say, so {@link PriceStats} infers it
 * per file.
 */
public enum PriceFormat {

	DECIMAL, AMERICAN;

	/** Both forms of one price, decimal rounded to 4 places. */
	public record Price(double decimal, long american) {
	}

	public Price convert(double raw) {
		if (this == AMERICAN) {
			double decimal = raw > 0 ? 1 + raw / 100 : 1 + 100 / -raw;
			return new Price(round4(decimal), Math.round(raw));
		}
		long american = raw >= 2 ? Math.round((raw - 1) * 100) : Math.round(-100 / (raw - 1));
		return new Price(raw, american);
	}

	private static double round4(double value) {
		return Math.round(value * 10_000d) / 10_000d;
	}

}
