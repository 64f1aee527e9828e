package io.oddsapi.batch.odds;

/**
 * Everything the parser needs to know about a file's prices, gathered in one streaming
 * pass: which format they are in (any price <= -100, or all integral with some |price| >=
 * 100, means American) and whether every price is valid in that format.
 */
public final class PriceStats {

	private long count;

	private boolean anyAtMostMinus100;

	private boolean allIntegral = true;

	private boolean anyAbsAtLeast100;

	private double minDecimalCandidate = Double.POSITIVE_INFINITY;

	private double smallestInSize = Double.NaN;

	private double firstNonIntegral = Double.NaN;

	public void accept(double price) {
		count++;
		if (price <= -100) {
			anyAtMostMinus100 = true;
		}
		boolean integral = price == Math.rint(price);
		if (!integral && Double.isNaN(firstNonIntegral)) {
			firstNonIntegral = price;
		}
		allIntegral &= integral;
		anyAbsAtLeast100 |= Math.abs(price) >= 100;
		minDecimalCandidate = Math.min(minDecimalCandidate, price);
		if (Double.isNaN(smallestInSize) || Math.abs(price) < Math.abs(smallestInSize)) {
			smallestInSize = price;
		}
	}

	public long count() {
		return count;
	}

	public PriceFormat detect() {
		return anyAtMostMinus100 || (allIntegral && anyAbsAtLeast100) ? PriceFormat.AMERICAN : PriceFormat.DECIMAL;
	}

	/** Throws the reason a person reads when a price is impossible in {@code format}. */
	public void validate(PriceFormat format) {
		if (count == 0) {
			return;
		}
		if (format == PriceFormat.DECIMAL && minDecimalCandidate <= 1.0) {
			throw new OddsFileRejectedException("price " + plain(minDecimalCandidate)
					+ " is not a valid decimal price (decimal prices are greater than 1)");
		}
		if (format == PriceFormat.AMERICAN) {
			if (!allIntegral) {
				throw new OddsFileRejectedException("price " + plain(firstNonIntegral)
						+ " is not a valid American price (the file's other prices are American: whole numbers)");
			}
			if (Math.abs(smallestInSize) < 100) {
				throw new OddsFileRejectedException("price " + plain(smallestInSize)
						+ " is not a valid American price (American prices are at least 100 in size)");
			}
		}
	}

	private static String plain(double value) {
		return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
				: Double.toString(value);
	}

}
