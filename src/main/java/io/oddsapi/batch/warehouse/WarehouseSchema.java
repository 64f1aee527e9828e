package io.oddsapi.batch.warehouse;

import java.util.List;
import java.util.Map;

/**
 * The warehouse's schema seam: the target tables, views and staging, created or adopted.
 */
public interface WarehouseSchema {

	/**
	 * Creates the target tables, their views and the staging tables where they are
	 * missing. Safe to call from several processes at once; runs outside any transaction.
	 */
	void prepare();

	/**
	 * What adopting the target tables that already exist needs, table by table; changes
	 * nothing.
	 */
	List<TableAdoption> adoptionPlan();

	/**
	 * Adds the columns the plan lists, nullable, and nothing else; refuses, changing
	 * nothing, when a table cannot be adopted. Answers the plan as it is afterwards.
	 */
	List<TableAdoption> adopt();

	/**
	 * By table, the NOT NULL columns of existing target tables that job-config does not
	 * require: what rows must carry to be written there. Known once {@link #prepare()}
	 * has run; empty before, and for tables the job created.
	 */
	Map<String, List<String>> notNullThere();

}
