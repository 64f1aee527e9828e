package io.oddsapi.batch.localbigquery;

import java.util.EnumSet;
import java.util.Set;

import com.google.zetasql.LanguageOptions;
import com.google.zetasql.ZetaSQLOptions.LanguageFeature;
import com.google.zetasql.toolkit.options.BigQueryLanguageOptions;

/**
 * BigQuery's language for ZetaSQL: the features, statement kinds and product mode of
 * Google's ZetaSQL toolkit for BigQuery, less nanosecond timestamps, which the toolkit
 * turns on and BigQuery does not have ("TIMESTAMP ... with microsecond precision",
 * BigQuery's data types page): a literal, CAST or PARSE with a seventh fractional digit
 * fails, and its {@code SAFE_} form is NULL. ZetaSQL's maximum features accept far more
 * than BigQuery does.
 */
public final class BigQueryLanguage {

	private BigQueryLanguage() {
	}

	public static LanguageOptions options() {
		LanguageOptions options = new LanguageOptions(BigQueryLanguageOptions.get().serialize());
		Set<LanguageFeature> features = EnumSet.noneOf(LanguageFeature.class);
		features.addAll(options.serialize().getEnabledLanguageFeaturesList());
		features.remove(LanguageFeature.FEATURE_TIMESTAMP_NANOS);
		options.setEnabledLanguageFeatures(features);
		return options;
	}

}
