package io.oddsapi.batch.warehouse;

import java.time.LocalDate;

/** A table's rows of one game date, and how many of them have a boolean column true. */
public record DateTally(LocalDate gameDate, long rows, long marked) {
}
