package io.oddsapi.batch.warehouse;

/**
 * A warehouse backend (JDBC or BigQuery): its three seams in one bean. Each user depends
 * on the seam it needs: the job on {@link WarehouseWriter}, start-up and adoption on
 * {@link WarehouseSchema}, coverage and the API on {@link WarehouseReader}.
 */
public interface Warehouse extends WarehouseWriter, WarehouseSchema, WarehouseReader {

}
