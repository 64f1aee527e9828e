package io.oddsapi.batch.launch;

import java.util.List;

import io.oddsapi.batch.warehouse.TableAdoption;
import io.oddsapi.batch.warehouse.WarehouseSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code --odds.adopt=plan}: prints, table by table, what writing into the target tables
 * that already exist needs (only ADD COLUMN of nullable columns; nothing dropped or
 * retyped; partitioning and clustering kept), and changes nothing.
 * {@code --odds.adopt=apply} makes those changes, then prints the plan again. Runs no
 * job. Exit code 0 when every table is or now is ready, {@value #REFUSED} when one cannot
 * be adopted (nothing changed), 2 for another value.
 */
@Component
@ConditionalOnProperty(name = "odds.adopt")
public class AdoptCommand implements ApplicationRunner, ExitCodeGenerator {

	static final int REFUSED = 3;

	private static final Logger log = LoggerFactory.getLogger("io.oddsapi.batch.summary");

	private final WarehouseSchema warehouse;

	private final String action;

	private int exitCode;

	public AdoptCommand(WarehouseSchema warehouse, @Value("${odds.adopt}") String action) {
		this.warehouse = warehouse;
		this.action = action;
	}

	@Override
	public void run(ApplicationArguments args) {
		switch (action) {
			case "plan" -> {
				List<TableAdoption> plan = warehouse.adoptionPlan();
				print("adoption plan (nothing changed):", plan);
				exitCode = plan.stream().allMatch(TableAdoption::adoptable) ? 0 : REFUSED;
			}
			case "apply" -> {
				try {
					print("adopted; the tables now:", warehouse.adopt());
				}
				catch (IllegalStateException refused) {
					log.error("oddsapi-batch: {}", refused.getMessage());
					exitCode = REFUSED;
				}
			}
			default -> {
				log.error("oddsapi-batch: odds.adopt is '{}': give plan (print what adopting the existing tables "
						+ "needs) or apply (do it)", action);
				exitCode = LaunchSequence.UNUSABLE;
			}
		}
	}

	private static void print(String heading, List<TableAdoption> plan) {
		StringBuilder out = new StringBuilder(heading);
		plan.forEach(table -> table.lines().forEach(line -> out.append(System.lineSeparator()).append(line)));
		log.info("{}", out);
	}

	@Override
	public int getExitCode() {
		return exitCode;
	}

}
