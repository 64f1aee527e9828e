package io.oddsapi.batch.localbigquery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.google.zetasql.Analyzer;
import com.google.zetasql.AnalyzerOptions;
import com.google.zetasql.EvaluatorTableModifyResponse;
import com.google.zetasql.LanguageOptions;
import com.google.zetasql.Parser;
import com.google.zetasql.PreparedModify;
import com.google.zetasql.PreparedQuery;
import com.google.zetasql.SimpleCatalog;
import com.google.zetasql.SimpleColumn;
import com.google.zetasql.SimpleTable;
import com.google.zetasql.SqlException;
import com.google.zetasql.TableContent;
import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.Value;
import com.google.zetasql.ZetaSQLBuiltinFunctionOptions;
import com.google.zetasql.ZetaSQLOptions;
import com.google.zetasql.ZetaSQLType.TypeKind;
import com.google.zetasql.parser.ASTMergeActionEnums;
import com.google.zetasql.parser.ASTMergeWhenClauseEnums.MatchType;
import com.google.zetasql.parser.ASTNode;
import com.google.zetasql.parser.ASTNodes.ASTAddColumnAction;
import com.google.zetasql.parser.ASTNodes.ASTAlterTableStatement;
import com.google.zetasql.parser.ASTNodes.ASTAssignmentFromStruct;
import com.google.zetasql.parser.ASTNodes.ASTBeginStatement;
import com.google.zetasql.parser.ASTNodes.ASTCommitStatement;
import com.google.zetasql.parser.ASTNodes.ASTCreateTableStatement;
import com.google.zetasql.parser.ASTNodes.ASTCreateViewStatement;
import com.google.zetasql.parser.ASTNodes.ASTDeleteStatement;
import com.google.zetasql.parser.ASTNodes.ASTDropStatement;
import com.google.zetasql.parser.ASTNodes.ASTElseifClause;
import com.google.zetasql.parser.ASTNodes.ASTExpression;
import com.google.zetasql.parser.ASTNodes.ASTFunctionCall;
import com.google.zetasql.parser.ASTNodes.ASTIdentifier;
import com.google.zetasql.parser.ASTNodes.ASTIfStatement;
import com.google.zetasql.parser.ASTNodes.ASTInsertStatement;
import com.google.zetasql.parser.ASTNodes.ASTMergeStatement;
import com.google.zetasql.parser.ASTNodes.ASTMergeWhenClause;
import com.google.zetasql.parser.ASTNodes.ASTOptionsEntry;
import com.google.zetasql.parser.ASTNodes.ASTPathExpression;
import com.google.zetasql.parser.ASTNodes.ASTQueryStatement;
import com.google.zetasql.parser.ASTNodes.ASTRaiseStatement;
import com.google.zetasql.parser.ASTNodes.ASTRollbackStatement;
import com.google.zetasql.parser.ASTNodes.ASTSingleAssignment;
import com.google.zetasql.parser.ASTNodes.ASTStatement;
import com.google.zetasql.parser.ASTNodes.ASTStatementList;
import com.google.zetasql.parser.ASTNodes.ASTTablePathExpression;
import com.google.zetasql.parser.ASTNodes.ASTTableSubquery;
import com.google.zetasql.parser.ASTNodes.ASTTruncateStatement;
import com.google.zetasql.parser.ASTNodes.ASTUpdateItem;
import com.google.zetasql.parser.ASTNodes.ASTUpdateStatement;
import com.google.zetasql.parser.ASTNodes.ASTVariableDeclaration;
import com.google.zetasql.parser.ParseTreeVisitor;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedColumnDefinition;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedCreateTableStmt;

/**
 * The local BigQuery's storage and SQL, executed by ZetaSQL's reference evaluator and
 * nothing else: queries through {@link PreparedQuery}, INSERT, UPDATE and DELETE through
 * {@link PreparedModify}, and MERGE, which the evaluator lacks, from its parsed parts:
 * one evaluated query joins the target to the source on the ON condition and computes
 * every WHEN clause's condition and values; the clauses are then applied as BigQuery
 * documents them (the first clause whose condition holds acts; a target row matched by
 * two source rows fails the statement). Scripts run statement by statement; BEGIN /
 * COMMIT / ROLLBACK TRANSACTION, IF and RAISE are interpreted here.
 *
 * <p>
 * Transactions have snapshot isolation. A transaction that mutates (UPDATE, DELETE,
 * MERGE) a table another in-flight transaction mutates is aborted, as is one whose
 * mutated table changed since its snapshot; a statement outside a transaction that finds
 * its table changed since it started fails with "Could not serialize access". INSERTs and
 * appending loads never conflict. (BigQuery's "Multi-statement transactions" and "DML"
 * pages.)
 */
final class ZetaSqlEngine {

	static final String ROW_ID = "__row_id";

	private static final Type INT64 = TypeFactory.createSimpleType(TypeKind.TYPE_INT64);

	private final LanguageOptions language;

	private final SimpleCatalog functions;

	/** The evaluator's native code is called by one thread at a time. */
	private final Object evaluator = new Object();

	private final Map<String, Relation> committed = new HashMap<>();

	/** Bumped on every committed mutation of a table (not on appends). */
	private final Map<String, Long> versions = new HashMap<>();

	/**
	 * Rows appended by committed INSERTs and loads since the version, so a mutating
	 * commit keeps them.
	 */
	private final Map<String, List<Appended>> appends = new HashMap<>();

	/**
	 * Transactions in flight, explicit or a statement's own: appends newer than the
	 * oldest one's snapshot are kept.
	 */
	private final Set<Txn> active = new HashSet<>();

	/** Table -> the in-flight transaction that mutates it. */
	private final Map<String, Txn> mutators = new HashMap<>();

	private final Map<String, AtomicLong> modifications = new TreeMap<>();

	private final AtomicLong sequence = new AtomicLong();

	private final String project;

	private record Appended(long sequence, List<List<Value>> rows) {
	}

	/** What a statement did. */
	record Result(String statementType, List<Relation.Column> schema, List<List<Value>> rows, String targetTable,
			long inserted, long updated, long deleted) {

		static Result of(String statementType, String targetTable) {
			return new Result(statementType, null, null, targetTable, 0, 0, 0);
		}
	}

	/** A job's session: at most one explicit transaction at a time. */
	final class Session {

		private final String defaultDataset;

		/**
		 * The job's query parameters, by name (positional ones renamed, see
		 * QueryParameters).
		 */
		private final Map<String, Value> parameters;

		/** A script's variables (DECLARE, SET), by lower-case name. */
		private final Map<String, Value> variables = new LinkedHashMap<>();

		private Txn txn;

		/**
		 * A statement's own snapshot, taken when its job started (BigQuery's
		 * statement-level snapshot).
		 */
		private Txn statementSnapshot;

		Session(String defaultDataset, Map<String, Value> parameters) {
			this.defaultDataset = defaultDataset;
			this.parameters = parameters;
		}

		/** The parameters and the script's variables, as the evaluator is given them. */
		Map<String, Value> bound() {
			Map<String, Value> bound = new LinkedHashMap<>(parameters);
			variables.forEach((name, value) -> bound.put(VARIABLE + name, value));
			return bound;
		}

		boolean inTransaction() {
			return txn != null;
		}

		/** Takes the snapshot the next DML statement outside a transaction reads. */
		void snapshotNow() {
			statementSnapshot = new Txn(false);
		}

		/**
		 * Ends a job: an open transaction is rolled back, as BigQuery does; an unused
		 * snapshot is let go.
		 */
		void close() {
			if (txn != null) {
				rollback(txn);
				txn = null;
			}
			if (statementSnapshot != null) {
				rollback(statementSnapshot);
				statementSnapshot = null;
			}
		}

	}

	private final class Txn {

		final long id = sequence.incrementAndGet();

		final boolean explicit;

		final long startSequence;

		final Map<String, Relation> view;

		final Map<String, Long> versionsAtStart;

		final Set<String> mutated = new HashSet<>();

		final Map<String, List<List<Value>>> appended = new HashMap<>();

		Txn(boolean explicit) {
			synchronized (ZetaSqlEngine.this) {
				this.explicit = explicit;
				this.startSequence = sequence.get();
				this.view = new HashMap<>(committed);
				this.versionsAtStart = new HashMap<>(versions);
				active.add(this);
			}
		}

	}

	ZetaSqlEngine(String project) {
		this.project = project;
		language = BigQueryLanguage.options();
		functions = new SimpleCatalog("bigquery");
		functions.addZetaSQLFunctions(new ZetaSQLBuiltinFunctionOptions(language));
	}

	Session session(String defaultDataset) {
		return new Session(defaultDataset, Map.of());
	}

	Session session(String defaultDataset, Map<String, Value> parameters) {
		return new Session(defaultDataset, Map.copyOf(parameters));
	}

	// ---------------------------------------------------------------- scripts

	/**
	 * How a script's statements become child jobs: the runner wraps each one's execution.
	 */
	interface ChildJobs {

		Result run(String statement, Supplier<Result> execution);

	}

	/**
	 * Whether {@code sql} is a script (several statements, or one that only a script
	 * has).
	 */
	boolean isScript(String sql) {
		List<ASTStatement> statements = parse(sql).getStatementList();
		return statements.size() != 1 || !isPlain(statements.get(0));
	}

	private static boolean isPlain(ASTStatement statement) {
		return !(statement instanceof ASTBeginStatement || statement instanceof ASTCommitStatement
				|| statement instanceof ASTRollbackStatement || statement instanceof ASTIfStatement
				|| statement instanceof ASTRaiseStatement || statement instanceof ASTVariableDeclaration
				|| statement instanceof ASTSingleAssignment || statement instanceof ASTAssignmentFromStruct);
	}

	private ASTStatementList parse(String sql) {
		try {
			return Parser.parseScript(sql, language).getStatementListNode();
		}
		catch (SqlException ex) {
			throw new BigQueryError("invalidQuery", ex.getMessage());
		}
	}

	/**
	 * Runs a script; the result of its last statement. An open transaction at the end is
	 * rolled back.
	 */
	Result runScript(String sql, Session session, ChildJobs children) {
		byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
		try {
			Result last = runList(parse(sql), bytes, session, children);
			return last == null ? Result.of("SCRIPT", null) : last;
		}
		finally {
			session.close();
		}
	}

	/** One statement, outside any script. */
	Result runStatement(String sql, Session session) {
		ASTStatement statement = parse(sql).getStatementList().get(0);
		return execute(statement, text(sql.getBytes(StandardCharsets.UTF_8), statement), session);
	}

	private Result runList(ASTStatementList list, byte[] sql, Session session, ChildJobs children) {
		Result last = null;
		for (ASTStatement statement : list.getStatementList()) {
			if (statement instanceof ASTIfStatement branch) {
				Result taken = runIf(branch, sql, session, children);
				last = taken == null ? last : taken;
				continue;
			}
			if (assigns(statement, sql, session)) {
				continue;
			}
			String text = text(sql, statement);
			if (statement instanceof ASTRaiseStatement raise) {
				String message = raise.getMessage() == null ? "RAISE"
						: scalar("SELECT CAST((" + text(sql, raise.getMessage()) + ") AS STRING)", session)
							.getStringValue();
				throw new BigQueryError("invalidQuery", message);
			}
			last = children.run(text, () -> execute(statement, text, session));
		}
		return last;
	}

	/**
	 * DECLARE and SET ("Procedural language": a variable is declared once, with its type
	 * or its default's, NULL until set; SET casts to the variable's type, and
	 * {@code SET (a, b) = struct} assigns field by field); whether {@code statement} was
	 * one.
	 */
	private boolean assigns(ASTStatement statement, byte[] sql, Session session) {
		if (statement instanceof ASTVariableDeclaration declaration) {
			String type = declaration.getType() == null ? null : text(sql, declaration.getType());
			String initial = declaration.getDefaultValue() == null ? "NULL" : text(sql, declaration.getDefaultValue());
			Value value = scalar("SELECT " + (type == null ? initial : "CAST((" + initial + ") AS " + type + ")"),
					session);
			for (ASTIdentifier name : declaration.getVariableList().getIdentifierList()) {
				String variable = name.getIdString().toLowerCase(Locale.ROOT);
				if (session.variables.putIfAbsent(variable, value) != null) {
					throw new BigQueryError("invalidQuery", "Variable '" + name.getIdString() + "' is already defined");
				}
			}
			return true;
		}
		if (statement instanceof ASTSingleAssignment assignment) {
			assign(session, assignment.getVariable(), text(sql, assignment.getExpression()));
			return true;
		}
		if (statement instanceof ASTAssignmentFromStruct assignment) {
			List<ASTIdentifier> names = assignment.getVariables().getIdentifierList();
			Value struct = scalar("SELECT " + text(sql, assignment.getStructExpression()), session);
			if (struct.getType().getKind() != TypeKind.TYPE_STRUCT || struct.getFieldCount() != names.size()) {
				throw new BigQueryError("invalidQuery",
						"SET of " + names.size() + " variables needs a STRUCT of " + names.size() + " fields");
			}
			for (int i = 0; i < names.size(); i++) {
				session.variables.put(FIELD, struct.getFieldList().get(i));
				try {
					assign(session, names.get(i), FIELD);
				}
				finally {
					session.variables.remove(FIELD);
				}
			}
			return true;
		}
		return false;
	}

	private void assign(Session session, ASTIdentifier name, String expression) {
		String variable = name.getIdString().toLowerCase(Locale.ROOT);
		Value current = session.variables.get(variable);
		if (current == null) {
			throw new BigQueryError("invalidQuery", "Unrecognized name: " + name.getIdString());
		}
		String type = current.getType().typeName(ZetaSQLOptions.ProductMode.PRODUCT_EXTERNAL);
		session.variables.put(variable, scalar("SELECT CAST((" + expression + ") AS " + type + ")", session));
	}

	/** A struct's field while it is cast to the variable it is assigned to. */
	private static final String FIELD = "__assigned_field";

	private Result runIf(ASTIfStatement branch, byte[] sql, Session session, ChildJobs children) {
		if (condition(branch.getCondition(), sql, session)) {
			return runList(branch.getThenList(), sql, session, children);
		}
		if (branch.getElseifClauses() != null) {
			for (ASTElseifClause elseIf : branch.getElseifClauses().getElseifClauses()) {
				if (condition(elseIf.getCondition(), sql, session)) {
					return runList(elseIf.getBody(), sql, session, children);
				}
			}
		}
		return branch.getElseList() == null ? null : runList(branch.getElseList(), sql, session, children);
	}

	private boolean condition(ASTExpression condition, byte[] sql, Session session) {
		Value value = scalar("SELECT " + text(sql, condition), session);
		return !value.isNull() && value.getBoolValue();
	}

	private Value scalar(String query, Session session) {
		return query(query, session, currentView(session)).rows().get(0).get(0);
	}

	static String text(byte[] sql, ASTNode node) {
		var range = node.getParseLocationRange();
		return new String(sql, range.start(), range.end() - range.start(), StandardCharsets.UTF_8);
	}

	// ---------------------------------------------------------------- statements

	private Result execute(ASTStatement statement, String text, Session session) {
		try {
			if (statement instanceof ASTBeginStatement) {
				if (session.txn != null) {
					throw new BigQueryError("invalidQuery", "Nested transactions are not supported");
				}
				session.txn = new Txn(true);
				return Result.of("BEGIN_TRANSACTION", null);
			}
			if (statement instanceof ASTCommitStatement) {
				requireTransaction(session);
				Txn txn = session.txn;
				session.txn = null;
				commit(txn);
				return Result.of("COMMIT_TRANSACTION", null);
			}
			if (statement instanceof ASTRollbackStatement) {
				requireTransaction(session);
				rollback(session.txn);
				session.txn = null;
				return Result.of("ROLLBACK_TRANSACTION", null);
			}
			if (statement instanceof ASTQueryStatement || statement instanceof ASTMergeStatement
					|| statement instanceof ASTInsertStatement || statement instanceof ASTUpdateStatement
					|| statement instanceof ASTDeleteStatement || statement instanceof ASTCreateTableStatement) {
				requirePartitionFilters(statement, text, session);
			}
			if (statement instanceof ASTQueryStatement) {
				return query(text, session, currentView(session));
			}
			if (statement instanceof ASTCreateTableStatement create) {
				return createTable(create, text, session);
			}
			if (statement instanceof ASTCreateViewStatement create) {
				return createView(create, text, session);
			}
			if (statement instanceof ASTDropStatement drop) {
				return drop(drop, session);
			}
			if (statement instanceof ASTAlterTableStatement alter) {
				return alterTable(alter, text, session);
			}
			if (statement instanceof ASTMergeStatement merge) {
				return dml(session, text, (txn) -> merge(merge, text, session, txn));
			}
			if (statement instanceof ASTInsertStatement insert) {
				return dml(session, text, (txn) -> insert(insert, text, session, txn));
			}
			if (statement instanceof ASTUpdateStatement || statement instanceof ASTDeleteStatement) {
				return dml(session, text, (txn) -> updateOrDelete(statement, text, session, txn));
			}
			if (statement instanceof ASTTruncateStatement truncate) {
				return truncate(truncate, text, session);
			}
			throw new BigQueryError("invalidQuery", "the local BigQuery does not run "
					+ statement.getClass().getSimpleName().replace("AST", "") + " statements");
		}
		catch (SqlException ex) {
			throw new BigQueryError("invalidQuery", ex.getMessage());
		}
	}

	/**
	 * A table created with {@code require_partition_filter} refuses a statement that
	 * reads it without a filter on its partition column, as BigQuery does. Modelled on
	 * the statement's text: some comparison ({@code =}, {@code <}, {@code >},
	 * {@code BETWEEN}, {@code IN}) of the column after a WHERE, ON or AND; an INSERT's
	 * target is written, not read. Tables named directly only, not those under a view.
	 */
	private void requirePartitionFilters(ASTStatement statement, String text, Session session) {
		String inserted = statement instanceof ASTInsertStatement insert ? targetName(insert, text) : null;
		Map<String, Relation> view = currentView(session);
		List<List<String>> names;
		try {
			names = Analyzer.extractTableNamesFromStatement(text, options(session));
		}
		catch (SqlException ex) {
			throw new BigQueryError("invalidQuery", ex.getMessage());
		}
		for (List<String> path : names) {
			String name = String.join(".", path);
			Relation relation = view.get(key(name, session));
			if (relation == null || relation.isView() || !relation.requirePartitionFilter() || name.equals(inserted)) {
				continue;
			}
			String column = "(?:\\w+\\.)?`?" + Pattern.quote(relation.partitionColumn()) + "`?";
			Pattern filter = Pattern.compile("(?is)\\b(?:WHERE|ON|AND)\\b.*?(?:\\b" + column
					+ "\\s*(?:=|<|>|!=|<>|\\bBETWEEN\\b|\\bIN\\b)|(?:=|<|>)\\s*" + column + "\\b)");
			if (!filter.matcher(text).find()) {
				throw new BigQueryError("invalidQuery",
						"Cannot query over table '" + relation.key() + "' without a filter over column(s) '"
								+ relation.partitionColumn() + "' that can be used for partition elimination");
			}
		}
	}

	private static void requireTransaction(Session session) {
		if (session.txn == null) {
			throw new BigQueryError("invalidQuery", "No active transaction");
		}
	}

	private Map<String, Relation> currentView(Session session) {
		if (session.txn != null) {
			return session.txn.view;
		}
		synchronized (this) {
			return new HashMap<>(committed);
		}
	}

	// ---------------------------------------------------------------- names and catalogs

	/**
	 * {@code dataset.table} of a path as written ({@code `p.d.t`}, {@code `d.t`},
	 * {@code d.t}, {@code t}).
	 */
	String key(String path, Session session) {
		List<String> parts = new ArrayList<>();
		for (String part : path.replace("`", "").split("\\.")) {
			parts.add(part.trim());
		}
		if (parts.size() == 1) {
			if (session.defaultDataset == null) {
				throw new BigQueryError("invalid",
						"Table \"" + path + "\" must be qualified with a dataset (e.g. dataset.table).");
			}
			return session.defaultDataset + "." + parts.get(0);
		}
		return parts.get(parts.size() - 2) + "." + parts.get(parts.size() - 1);
	}

	private AnalyzerOptions options(Session session) {
		AnalyzerOptions options = new AnalyzerOptions();
		options.setLanguageOptions(language);
		options.setDefaultTimezone("UTC");
		options.setRecordParseLocations(true);
		session.bound().forEach((name, value) -> options.addQueryParameter(name, value.getType()));
		return options;
	}

	/**
	 * A catalog with every table {@code sql} names, and their contents; views are
	 * evaluated into contents.
	 */
	private record Prepared(String sql, SimpleCatalog catalog, Map<String, TableContent> contents,
			Map<String, Relation> named) {
	}

	private Prepared prepare(String written, Session session, Map<String, Relation> view) {
		String sql = rewritten(written, session, view);
		SimpleCatalog catalog = new SimpleCatalog("bigquery");
		catalog.addZetaSQLFunctions(new ZetaSQLBuiltinFunctionOptions(language));
		Map<String, TableContent> contents = new HashMap<>();
		Map<String, Relation> named = new HashMap<>();
		List<List<String>> names;
		try {
			names = Analyzer.extractTableNamesFromStatement(sql, options(session));
		}
		catch (SqlException ex) {
			throw new BigQueryError("invalidQuery", ex.getMessage());
		}
		for (List<String> path : names) {
			String name = String.join(".", path);
			if (contents.containsKey(name)) {
				continue;
			}
			Relation relation = InformationSchema
				.of(path, session.defaultDataset, project, view, System.currentTimeMillis())
				.orElseGet(() -> visible(view, key(name, session), name));
			List<List<Value>> rows = relation.isView() ? query(relation.viewSql(), session, view).rows()
					: relation.rows();
			SimpleTable table = new SimpleTable(name);
			relation.columns()
				.forEach(c -> table.addSimpleColumn(new SimpleColumn(name, c.name(), c.type(), false, true)));
			table.addSimpleColumn(new SimpleColumn(name, ROW_ID, INT64, true, false));
			catalog.addSimpleTable(name, table);
			List<List<Value>> withIds = new ArrayList<>(rows.size());
			for (int i = 0; i < rows.size(); i++) {
				List<Value> row = new ArrayList<>(rows.get(i));
				row.add(Value.createInt64Value(i));
				withIds.add(row);
			}
			contents.put(name, TableContent.create(withIds));
			named.put(name, relation);
		}
		return new Prepared(sql, catalog, contents, named);
	}

	/**
	 * {@code sql} as the evaluator can take it. Every table path of more than one part
	 * ({@code dataset.table}, {@code `project`.dataset.table}) that names a table is
	 * written as one quoted name, as BigQuery resolves it: the evaluator's catalog holds
	 * each table under one name, since it sets the contents of tables at its top level
	 * only (a path that names no table, {@code t.items}, stays). Every other one-part
	 * name of a script variable becomes the query parameter that carries its value (the
	 * evaluator has no script variables); a column of the same name is not told apart.
	 */
	private String rewritten(String sql, Session session, Map<String, Relation> view) {
		ASTStatement statement;
		try {
			statement = Parser.parseStatement(sql, language);
		}
		catch (SqlException ex) {
			return sql;
		}
		// a DML statement's target, then every table the statement reads
		List<ASTPathExpression> tables = new ArrayList<>();
		if (targetPath(statement) instanceof ASTPathExpression target) {
			tables.add(target);
		}
		List<ASTPathExpression> names = new ArrayList<>();
		Set<ASTPathExpression> notVariables = Collections.newSetFromMap(new IdentityHashMap<>());
		statement.accept(new ParseTreeVisitor() {
			@Override
			public void visit(ASTTablePathExpression node) {
				// null for UNNEST(...)
				if (node.getPathExpr() != null) {
					tables.add(node.getPathExpr());
				}
				super.visit(node);
			}

			@Override
			public void visit(ASTFunctionCall node) {
				notVariables.add(node.getFunction());
				super.visit(node);
			}

			@Override
			public void visit(ASTPathExpression node) {
				if (node.getNames().size() == 1) {
					names.add(node);
				}
				super.visit(node);
			}
		});
		notVariables.addAll(tables);
		TreeMap<Integer, Replacement> replacements = new TreeMap<>();
		for (ASTPathExpression path : tables) {
			String joined = path.getNames().stream().map(ASTIdentifier::getIdString).collect(Collectors.joining("."));
			if (path.getNames().size() > 1 && namesATable(joined, session, view)) {
				replacements.put(path.getParseLocationRange().start(),
						new Replacement(path.getParseLocationRange().end(), "`" + joined + "`"));
			}
		}
		for (ASTPathExpression name : names) {
			String variable = name.getNames().get(0).getIdString().toLowerCase(Locale.ROOT);
			if (!notVariables.contains(name) && session.variables.containsKey(variable)) {
				replacements.put(name.getParseLocationRange().start(),
						new Replacement(name.getParseLocationRange().end(), "@" + VARIABLE + variable));
			}
		}
		byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
		StringBuilder out = new StringBuilder();
		int from = 0;
		for (Map.Entry<Integer, Replacement> replacement : replacements.entrySet()) {
			out.append(new String(bytes, from, replacement.getKey() - from, StandardCharsets.UTF_8))
				.append(replacement.getValue().text());
			from = replacement.getValue().end();
		}
		return out.append(new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8)).toString();
	}

	private record Replacement(int end, String text) {
	}

	/** The query parameter a script variable is passed as: {@code x} is {@code @_v_x}. */
	static final String VARIABLE = "_v_";

	private boolean namesATable(String joined, Session session, Map<String, Relation> view) {
		String[] parts = joined.split("\\.");
		if (parts.length >= 2 && parts[parts.length - 2].equalsIgnoreCase("INFORMATION_SCHEMA")) {
			return true;
		}
		return view.containsKey(key(joined, session));
	}

	private Relation visible(Map<String, Relation> view, String key, String asWritten) {
		Relation relation = view.get(key);
		if (relation == null || relation.expired(System.currentTimeMillis())) {
			throw new BigQueryError("notFound", "Not found: Table " + project + ":" + key
					+ " was not found in location US" + (asWritten.equals(key) ? "" : " (" + asWritten + ")"));
		}
		return relation;
	}

	// ---------------------------------------------------------------- queries

	Result query(String sql, Session session, Map<String, Relation> view) {
		Prepared prepared = prepare(sql, session, view);
		synchronized (evaluator) {
			try (PreparedQuery query = PreparedQuery.builder()
				.setSql(prepared.sql())
				.setAnalyzerOptions(options(session))
				.setCatalog(prepared.catalog())
				.setTablesContents(prepared.contents())
				.prepare()) {
				List<Relation.Column> schema = new ArrayList<>();
				int anonymous = 0;
				for (SimpleColumn column : query.getColumns()) {
					// BigQuery names an unnamed column f0_, the next f1_, and so on
					String name = column.getName().isEmpty() || column.getName().startsWith("$")
							? "f" + anonymous++ + "_" : column.getName();
					schema.add(new Relation.Column(name, column.getType(), false));
				}
				List<List<Value>> rows = new ArrayList<>();
				for (List<Value> row : query.execute(session.bound()).getTableData()) {
					rows.add(List.copyOf(row));
				}
				return new Result("SELECT", schema, rows, null, 0, 0, 0);
			}
			catch (SqlException ex) {
				throw evaluatorError(ex);
			}
		}
	}

	/**
	 * BigQuery's error for what the evaluator refused; its 4 MB message limit said
	 * plainly, since BigQuery has none.
	 */
	private static BigQueryError evaluatorError(SqlException ex) {
		String message = ex.getMessage();
		if (message != null && message.contains("Received message larger than max")) {
			return new BigQueryError("invalidQuery", "the local BigQuery cannot evaluate this statement: ZetaSQL's "
					+ "evaluator takes the contents of the tables a statement names in one message of at most 4 MB ("
					+ message + ")");
		}
		return new BigQueryError("invalidQuery", message);
	}

	// ---------------------------------------------------------------- DDL

	private Result createTable(ASTCreateTableStatement create, String text, Session session) {
		requireNoTransaction(session, "CREATE TABLE");
		byte[] sql = text.getBytes(StandardCharsets.UTF_8);
		int offset = create.getParseLocationRange().start();
		String key = key(slice(sql, create.getName(), offset), session);
		List<Relation.Column> columns = new ArrayList<>();
		List<List<Value>> rows = List.of();
		if (create.getQuery() != null) {
			Result selected = query(slice(sql, create.getQuery(), offset), session, currentView(session));
			columns.addAll(selected.schema());
			rows = selected.rows();
		}
		else {
			ResolvedCreateTableStmt resolved = (ResolvedCreateTableStmt) Analyzer.analyzeStatement(text,
					options(session), functions);
			for (ResolvedColumnDefinition column : resolved.getColumnDefinitionList()) {
				boolean required = column.getAnnotations() != null && column.getAnnotations().getNotNull();
				columns.add(new Relation.Column(column.getName(), column.getType(), required));
			}
		}
		String partition = null;
		if (create.getPartitionBy() != null) {
			partition = slice(sql, create.getPartitionBy().getPartitioningExpressions().get(0), offset)
				.replaceAll("(?i)^DATE\\((.*)\\)$", "$1")
				.trim();
		}
		List<String> clustering = new ArrayList<>();
		if (create.getClusterBy() != null) {
			create.getClusterBy().getClusteringExpressions().forEach(e -> clustering.add(slice(sql, e, offset).trim()));
		}
		Long expiration = null;
		boolean requirePartitionFilter = false;
		if (create.getOptionsList() != null) {
			for (ASTOptionsEntry option : create.getOptionsList().getOptionsEntries()) {
				String name = option.getName().getIdString().toLowerCase(Locale.ROOT);
				Value value = scalar("SELECT " + slice(sql, option.getValue(), offset), session);
				if (name.equals("expiration_timestamp") && !value.isNull()) {
					expiration = value.getTimestampUnixMicros() / 1000;
				}
				else if (name.equals("require_partition_filter") && !value.isNull()) {
					requirePartitionFilter = value.getBoolValue();
				}
			}
		}
		long now = System.currentTimeMillis();
		Relation table = new Relation(key, List.copyOf(columns), List.copyOf(rows), null, partition,
				List.copyOf(clustering), expiration, requirePartitionFilter, now, now);
		return define(table, create.getIsOrReplace(), create.getIsIfNotExists(), "CREATE_TABLE");
	}

	/**
	 * {@code ALTER TABLE ... ADD COLUMN [IF NOT EXISTS]}, the only change it runs:
	 * existing rows get NULL, and a NOT NULL column is refused as BigQuery refuses to add
	 * a REQUIRED one.
	 */
	private synchronized Result alterTable(ASTAlterTableStatement alter, String text, Session session) {
		requireNoTransaction(session, "ALTER TABLE");
		byte[] sql = text.getBytes(StandardCharsets.UTF_8);
		int offset = alter.getParseLocationRange().start();
		String key = key(slice(sql, alter.getPath(), offset), session);
		Relation table = visible(committed, key, key);
		List<Relation.Column> columns = new ArrayList<>(table.columns());
		List<List<Value>> rows = new ArrayList<>();
		table.rows().forEach(row -> rows.add(new ArrayList<>(row)));
		for (var action : alter.getActionList().getActions()) {
			if (!(action instanceof ASTAddColumnAction add)) {
				throw new BigQueryError("invalidQuery", "the local BigQuery runs only ADD COLUMN in ALTER TABLE");
			}
			String name = add.getColumnDefinition().getName().getIdString();
			if (columns.stream().anyMatch(c -> c.name().equalsIgnoreCase(name))) {
				if (add.getIsIfNotExists()) {
					continue;
				}
				throw new BigQueryError("invalidQuery", "Column already exists: " + name);
			}
			String type = slice(sql, add.getColumnDefinition().getSchema(), offset);
			ResolvedColumnDefinition defined = ((ResolvedCreateTableStmt) Analyzer
				.analyzeStatement("CREATE TABLE added (" + name + " " + type + ")", options(session), functions))
				.getColumnDefinitionList()
				.get(0);
			if (defined.getAnnotations() != null && defined.getAnnotations().getNotNull()) {
				throw new BigQueryError("invalidQuery",
						"Cannot add a REQUIRED column " + name + " to an existing table");
			}
			columns.add(new Relation.Column(name, defined.getType(), false));
			rows.forEach(row -> row.add(Value.createNullValue(defined.getType())));
		}
		long now = System.currentTimeMillis();
		committed.put(key,
				new Relation(key, List.copyOf(columns), List.copyOf(rows), null, table.partitionColumn(),
						table.clustering(), table.expirationMillis(), table.requirePartitionFilter(),
						table.createdMillis(), now));
		versions.merge(key, 1L, Long::sum);
		appends.remove(key);
		return Result.of("ALTER_TABLE", key);
	}

	private Result createView(ASTCreateViewStatement create, String text, Session session) {
		requireNoTransaction(session, "CREATE VIEW");
		byte[] sql = text.getBytes(StandardCharsets.UTF_8);
		int offset = create.getParseLocationRange().start();
		String key = key(slice(sql, create.getName(), offset), session);
		String select = slice(sql, create.getQuery(), offset);
		Result shape = query(select, session, currentView(session));
		long now = System.currentTimeMillis();
		Relation view = new Relation(key, shape.schema(), List.of(), select, null, List.of(), null, false, now, now);
		return define(view, create.getIsOrReplace(), create.getIsIfNotExists(), "CREATE_VIEW");
	}

	private static String slice(byte[] statement, ASTNode node, int offset) {
		var range = node.getParseLocationRange();
		return new String(statement, range.start() - offset, range.end() - range.start(), StandardCharsets.UTF_8);
	}

	private synchronized Result define(Relation relation, boolean orReplace, boolean ifNotExists, String type) {
		Relation existing = committed.get(relation.key());
		if (existing != null && existing.expired(System.currentTimeMillis())) {
			existing = null;
		}
		if (existing != null && !orReplace) {
			if (ifNotExists) {
				return Result.of(type, relation.key());
			}
			throw new BigQueryError("duplicate", "Already Exists: Table " + project + ":" + relation.key());
		}
		committed.put(relation.key(), relation);
		versions.merge(relation.key(), 1L, Long::sum);
		appends.remove(relation.key());
		return Result.of(type, relation.key());
	}

	private Result drop(ASTDropStatement drop, Session session) {
		requireNoTransaction(session, "DROP");
		String key = key(String.join(".", drop.getName().getNames().stream().map(ASTIdentifier::getIdString).toList()),
				session);
		synchronized (this) {
			Relation existing = committed.remove(key);
			versions.merge(key, 1L, Long::sum);
			appends.remove(key);
			if (existing == null && !drop.getIsIfExists()) {
				throw new BigQueryError("notFound", "Not found: Table " + project + ":" + key);
			}
		}
		return Result.of("DROP_TABLE", key);
	}

	private static void requireNoTransaction(Session session, String what) {
		if (session.txn != null) {
			throw new BigQueryError("invalidQuery",
					what + " of a permanent table is not supported inside a transaction");
		}
	}

	// ---------------------------------------------------------------- DML and
	// transactions

	private interface Change {

		Mutation apply(Txn txn);

	}

	/** A DML statement's effect on one table: its new rows, or rows to append. */
	private record Mutation(String table, boolean mutating, List<List<Value>> newRows, List<List<Value>> appended,
			Result result) {
	}

	/**
	 * Runs a DML statement in the session's transaction, or in one of its own that
	 * commits at once (BigQuery's statement-level snapshot: a concurrent mutation
	 * committed meanwhile fails it).
	 */
	private Result dml(Session session, String text, Change change) {
		Txn txn = session.txn;
		if (txn == null) {
			txn = session.statementSnapshot != null ? session.statementSnapshot : new Txn(false);
			session.statementSnapshot = null;
		}
		try {
			return apply(txn, change);
		}
		catch (RuntimeException ex) {
			if (!txn.explicit) {
				rollback(txn);
			}
			throw ex;
		}
	}

	private Result apply(Txn txn, Change change) {
		Mutation mutation = change.apply(txn);
		countModification(mutation.table());
		if (mutation.mutating()) {
			claim(txn, mutation.table());
			txn.mutated.add(mutation.table());
			txn.view.put(mutation.table(),
					txn.view.get(mutation.table()).withRows(mutation.newRows(), System.currentTimeMillis()));
		}
		else if (!mutation.appended().isEmpty()) {
			txn.appended.computeIfAbsent(mutation.table(), t -> new ArrayList<>()).addAll(mutation.appended());
			Relation before = txn.view.get(mutation.table());
			List<List<Value>> rows = new ArrayList<>(before.rows());
			rows.addAll(mutation.appended());
			txn.view.put(mutation.table(), before.withRows(rows, System.currentTimeMillis()));
		}
		if (!txn.explicit) {
			commit(txn);
		}
		return mutation.result();
	}

	private synchronized void claim(Txn txn, String table) {
		Txn holder = mutators.get(table);
		if (holder != null && holder != txn) {
			if (txn.explicit) {
				abort(txn, table);
			}
			throw serializationFailure(table);
		}
		if (txn.explicit) {
			mutators.put(table, txn);
		}
	}

	private BigQueryError serializationFailure(String table) {
		return new BigQueryError("invalidQuery",
				"Could not serialize access to table " + project + ":" + table + " due to concurrent update");
	}

	private void abort(Txn txn, String table) {
		rollback(txn);
		throw new BigQueryError("invalidQuery", "Transaction is aborted due to concurrent update against table "
				+ project + ":" + table + ". Transaction ID: " + txn.id);
	}

	private synchronized void commit(Txn txn) {
		for (String table : txn.mutated) {
			if (!versions.getOrDefault(table, 0L).equals(txn.versionsAtStart.getOrDefault(table, 0L))) {
				if (txn.explicit) {
					abort(txn, table);
				}
				throw serializationFailure(table);
			}
		}
		long now = System.currentTimeMillis();
		long commitSequence = sequence.incrementAndGet();
		for (String table : txn.mutated) {
			List<List<Value>> rows = new ArrayList<>(txn.view.get(table).rows());
			// rows others appended since the snapshot stay
			for (Appended appended : appends.getOrDefault(table, List.of())) {
				if (appended.sequence() > txn.startSequence) {
					rows.addAll(appended.rows());
				}
			}
			committed.put(table, txn.view.get(table).withRows(rows, now));
			versions.merge(table, 1L, Long::sum);
			appends.remove(table);
		}
		txn.appended.forEach((table, rows) -> {
			if (txn.mutated.contains(table)) {
				return;
			}
			Relation current = committed.get(table);
			if (current == null) {
				throw new BigQueryError("notFound", "Not found: Table " + project + ":" + table);
			}
			List<List<Value>> all = new ArrayList<>(current.rows());
			all.addAll(rows);
			committed.put(table, current.withRows(all, now));
			appends.computeIfAbsent(table, t -> new ArrayList<>()).add(new Appended(commitSequence, rows));
		});
		release(txn);
	}

	private synchronized void rollback(Txn txn) {
		release(txn);
	}

	private void release(Txn txn) {
		mutators.values().removeIf(holder -> holder == txn);
		active.remove(txn);
		long oldest = active.stream().mapToLong(t -> t.startSequence).min().orElse(Long.MAX_VALUE);
		appends.values().forEach(list -> list.removeIf(a -> a.sequence() <= oldest));
	}

	/**
	 * A load job's rows, committed at once: appended, or replacing the table's rows (a
	 * mutation).
	 */
	synchronized void load(String key, List<List<Value>> rows, boolean truncate) {
		Relation table = committed.get(key);
		if (table == null || table.expired(System.currentTimeMillis())) {
			throw new BigQueryError("notFound", "Not found: Table " + project + ":" + key);
		}
		countModification(key);
		long now = System.currentTimeMillis();
		if (truncate) {
			if (mutators.containsKey(key)) {
				throw serializationFailure(key);
			}
			committed.put(key, table.withRows(rows, now));
			versions.merge(key, 1L, Long::sum);
			appends.remove(key);
			return;
		}
		List<List<Value>> all = new ArrayList<>(table.rows());
		all.addAll(rows);
		committed.put(key, table.withRows(all, now));
		if (!active.isEmpty()) {
			appends.computeIfAbsent(key, t -> new ArrayList<>()).add(new Appended(sequence.incrementAndGet(), rows));
		}
	}

	private synchronized void countModification(String table) {
		modifications.computeIfAbsent(table, t -> new AtomicLong()).incrementAndGet();
	}

	synchronized Map<String, Long> modifications() {
		Map<String, Long> counts = new LinkedHashMap<>();
		modifications.forEach((table, count) -> counts.put(table, count.get()));
		return counts;
	}

	synchronized Relation table(String key) {
		Relation relation = committed.get(key);
		return relation == null || relation.expired(System.currentTimeMillis()) ? null : relation;
	}

	synchronized void reset() {
		committed.clear();
		versions.clear();
		appends.clear();
		mutators.clear();
		active.clear();
		modifications.clear();
	}

	// ---------------------------------------------------------------- INSERT, UPDATE,
	// DELETE

	private Mutation insert(ASTInsertStatement statement, String text, Session session, Txn txn) {
		Prepared prepared = prepare(text, session, txn.view);
		String targetName = targetName(statement, text);
		Relation target = prepared.named().get(targetName);
		if (target == null || target.isView()) {
			throw new BigQueryError("invalidQuery", "cannot modify " + targetName);
		}
		EvaluatorTableModifyResponse response;
		synchronized (evaluator) {
			try (PreparedModify modify = PreparedModify.builder()
				.setSql(prepared.sql())
				.setAnalyzerOptions(options(session))
				.setCatalog(prepared.catalog())
				.setTablesContents(prepared.contents())
				.prepare()) {
				response = modify.execute(session.bound());
			}
			catch (SqlException ex) {
				throw evaluatorError(ex);
			}
		}
		int width = target.columns().size();
		List<List<Value>> appended = new ArrayList<>();
		for (EvaluatorTableModifyResponse.Row row : response.getContent()) {
			List<Value> values = row.getContent().size() > width ? row.getContent().subList(0, width)
					: row.getContent();
			appended.add(checked(target, values));
		}
		return new Mutation(target.key(), false, null, appended,
				new Result("INSERT", null, null, target.key(), appended.size(), 0, 0));
	}

	/**
	 * UPDATE and DELETE, evaluated as one query that yields each affected target row's id
	 * and new values, the way MERGE is: the evaluator's own UPDATE and DELETE answer with
	 * row keys that cannot be read back here.
	 */
	private Mutation updateOrDelete(ASTStatement statement, String text, Session session, Txn txn) {
		byte[] sql = text.getBytes(StandardCharsets.UTF_8);
		int offset = statement.getParseLocationRange().start();
		ASTUpdateStatement update = statement instanceof ASTUpdateStatement u ? u : null;
		ASTDeleteStatement delete = statement instanceof ASTDeleteStatement d ? d : null;
		ASTNode targetNode = update != null ? update.getTargetPath() : delete.getTargetPath();
		var aliasNode = update != null ? update.getAlias() : delete.getAlias();
		ASTExpression where = update != null ? update.getWhere() : delete.getWhere();
		String type = update != null ? "UPDATE" : "DELETE";
		if (where == null) {
			throw new BigQueryError("invalidQuery", type + " must have a WHERE clause");
		}
		String targetPath = slice(sql, targetNode, offset);
		String targetName = targetPath.replace("`", "").trim();
		Relation target = analysedTarget(text, session, txn, targetName);
		String alias = aliasNode != null ? aliasNode.getIdentifier().getIdString()
				: targetName.substring(targetName.lastIndexOf('.') + 1);
		List<String> select = new ArrayList<>(List.of(alias + "." + ROW_ID));
		List<Integer> columns = new ArrayList<>();
		String from = "";
		if (update != null) {
			for (ASTUpdateItem item : update.getUpdateItemList().getUpdateItems()) {
				String column = slice(sql, item.getSetValue().getPath(), offset).trim();
				int index = columnOf(target, column.substring(column.lastIndexOf('.') + 1));
				columns.add(index);
				select.add(cast(slice(sql, item.getSetValue().getValue(), offset), target.columns().get(index)));
			}
			if (update.getFromClause() != null) {
				from = ", " + slice(sql, update.getFromClause().getTableExpression(), offset);
			}
		}
		String query = "SELECT " + String.join(", ", select) + " FROM " + targetPath + " AS " + alias + from + " WHERE "
				+ slice(sql, where, offset);
		List<List<Value>> rows = new ArrayList<>(target.rows());
		Set<Integer> affected = new HashSet<>();
		for (List<Value> found : query(query, session, txn.view).rows()) {
			int index = (int) found.get(0).getInt64Value();
			if (!affected.add(index)) {
				throw new BigQueryError("invalidQuery",
						"UPDATE/MERGE must match at most one source row for each target row");
			}
			if (update != null) {
				List<Value> row = new ArrayList<>(rows.get(index));
				for (int i = 0; i < columns.size(); i++) {
					row.set(columns.get(i), found.get(1 + i));
				}
				rows.set(index, checked(target, row));
			}
		}
		List<List<Value>> remaining = new ArrayList<>();
		for (int i = 0; i < rows.size(); i++) {
			if (update != null || !affected.contains(i)) {
				remaining.add(rows.get(i));
			}
		}
		return new Mutation(target.key(), true, remaining, null, new Result(type, null, null, target.key(), 0,
				update != null ? affected.size() : 0, delete != null ? affected.size() : 0));
	}

	private static String targetName(ASTStatement statement, String text) {
		byte[] sql = text.getBytes(StandardCharsets.UTF_8);
		return slice(sql, targetPath(statement), statement.getParseLocationRange().start()).replace("`", "").trim();
	}

	/** The table a DML statement writes; null for any other statement. */
	private static ASTNode targetPath(ASTStatement statement) {
		return statement instanceof ASTInsertStatement insert ? insert.getTargetPath()
				: statement instanceof ASTUpdateStatement update ? update.getTargetPath()
						: statement instanceof ASTDeleteStatement delete ? delete.getTargetPath()
								: statement instanceof ASTMergeStatement merge ? merge.getTargetPath() : null;
	}

	/** A NULL in a REQUIRED column fails the statement, as BigQuery does. */
	private static List<Value> checked(Relation target, List<Value> values) {
		for (int i = 0; i < values.size(); i++) {
			if (target.columns().get(i).required() && values.get(i).isNull()) {
				throw new BigQueryError("invalidQuery",
						"Required field " + target.columns().get(i).name() + " cannot be null");
			}
		}
		return List.copyOf(values);
	}

	/**
	 * The table a DML statement modifies, after BigQuery's own checks of the whole
	 * statement (names, types, what each part may refer to), which the pieces evaluated
	 * separately would not all make.
	 */
	private Relation analysedTarget(String text, Session session, Txn txn, String targetName) {
		Prepared whole = prepare(text, session, txn.view);
		try {
			Analyzer.analyzeStatement(whole.sql(), options(session), whole.catalog());
		}
		catch (SqlException ex) {
			throw new BigQueryError("invalidQuery", ex.getMessage());
		}
		Relation target = whole.named().get(targetName);
		if (target == null || target.isView()) {
			throw new BigQueryError("invalidQuery", "cannot modify " + targetName);
		}
		return target;
	}

	// ---------------------------------------------------------------- MERGE

	private Mutation merge(ASTMergeStatement merge, String text, Session session, Txn txn) {
		byte[] sql = text.getBytes(StandardCharsets.UTF_8);
		int offset = merge.getParseLocationRange().start();
		String targetPath = slice(sql, merge.getTargetPath(), offset);
		String targetName = targetPath.replace("`", "").trim();
		Relation target = analysedTarget(text, session, txn, targetName);
		String targetAlias = merge.getAlias() != null ? merge.getAlias().getIdentifier().getIdString()
				: merge.getTargetPath().getNames().get(merge.getTargetPath().getNames().size() - 1).getIdString();
		String source;
		if (merge.getTableExpression() instanceof ASTTableSubquery subquery) {
			String alias = subquery.getAlias() == null ? "__source" : subquery.getAlias().getIdentifier().getIdString();
			source = "(SELECT *, ROW_NUMBER() OVER () AS __source_row FROM ("
					+ slice(sql, subquery.getSubquery(), offset) + ")) AS " + alias;
		}
		else if (merge.getTableExpression() instanceof ASTTablePathExpression path) {
			var names = path.getPathExpr().getNames();
			String alias = path.getAlias() != null ? path.getAlias().getIdentifier().getIdString()
					: names.get(names.size() - 1).getIdString();
			source = "(SELECT *, ROW_NUMBER() OVER () AS __source_row FROM " + slice(sql, path.getPathExpr(), offset)
					+ ") AS " + alias;
		}
		else {
			throw new BigQueryError("invalidQuery", "the local BigQuery merges from a table or a subquery only");
		}
		String sourceAlias = source.substring(source.lastIndexOf(" AS ") + 4);
		List<ASTMergeWhenClause> clauses = merge.getWhenClauses().getClauseList();
		List<String> select = new ArrayList<>();
		select.add(targetAlias + "." + ROW_ID + " AS __target_row");
		select.add(sourceAlias + ".__source_row AS __source_row");
		List<List<Integer>> clauseColumns = new ArrayList<>();
		for (ASTMergeWhenClause clause : clauses) {
			List<String> parts = new ArrayList<>();
			parts.add(clause.getSearchCondition() == null ? "TRUE"
					: "(" + slice(sql, clause.getSearchCondition(), offset) + ")");
			List<Integer> columns = new ArrayList<>();
			var action = clause.getAction();
			if (action.getActionType() == ASTMergeActionEnums.ActionType.UPDATE) {
				for (ASTUpdateItem item : action.getUpdateItemList().getUpdateItems()) {
					String column = slice(sql, item.getSetValue().getPath(), offset).trim();
					int index = columnOf(target, column.substring(column.lastIndexOf('.') + 1));
					columns.add(index);
					parts.add(cast(slice(sql, item.getSetValue().getValue(), offset), target.columns().get(index)));
				}
			}
			else if (action.getActionType() == ASTMergeActionEnums.ActionType.INSERT) {
				List<String> names = action.getInsertColumnList() == null
						? target.columns().stream().map(Relation.Column::name).toList()
						: action.getInsertColumnList()
							.getIdentifiers()
							.stream()
							.map(ASTIdentifier::getIdString)
							.toList();
				if (action.getInsertRow() == null || action.getInsertRow().getValues().isEmpty()) {
					// INSERT ROW (parsed as a row of no values): the source row's
					// columns, in
					// order, into the target's
					for (int i = 0; i < target.columns().size(); i++) {
						columns.add(i);
					}
					parts.add(sourceAlias + ".* EXCEPT (__source_row)");
				}
				else {
					var values = action.getInsertRow().getValues();
					for (int i = 0; i < names.size(); i++) {
						int index = columnOf(target, names.get(i));
						columns.add(index);
						parts.add(cast(slice(sql, values.get(i), offset), target.columns().get(index)));
					}
				}
			}
			clauseColumns.add(columns);
			// a NOT MATCHED clause sees one side only: evaluated over that side alone,
			// its names are not ambiguous
			MatchType kind = clause.getMatchType();
			String only = kind == MatchType.MATCHED ? null
					: kind == MatchType.NOT_MATCHED_BY_SOURCE ? targetAlias : sourceAlias;
			select.add(only == null ? "STRUCT(" + String.join(", ", parts) + ")" : "(SELECT AS STRUCT "
					+ String.join(", ", parts) + " FROM UNNEST([" + only + "]) AS " + only + ")");
		}
		String joined = "SELECT " + String.join(",\n  ", select) + "\nFROM " + targetPath + " AS " + targetAlias
				+ "\nFULL OUTER JOIN " + source + "\nON " + slice(sql, merge.getMergeCondition(), offset);
		List<List<Value>> pairs = query(joined, session, txn.view).rows();
		return applyMerge(target, clauses, clauseColumns, pairs);
	}

	/**
	 * {@code TRUNCATE TABLE t}: every row deleted, as a DELETE of all rows would
	 * ("TRUNCATE TABLE statement"); BigQuery's form has no WHERE clause.
	 */
	private Result truncate(ASTTruncateStatement truncate, String text, Session session) {
		if (truncate.getWhere() != null) {
			throw new BigQueryError("invalidQuery", "Syntax error: Expected end of input but got keyword WHERE");
		}
		byte[] sql = text.getBytes(StandardCharsets.UTF_8);
		String path = slice(sql, truncate.getTargetPath(), truncate.getParseLocationRange().start());
		String delete = "DELETE FROM " + path + " WHERE TRUE";
		ASTStatement statement = parse(delete).getStatementList().get(0);
		Result deleted = dml(session, delete, (txn) -> updateOrDelete(statement, delete, session, txn));
		return new Result("TRUNCATE_TABLE", null, null, deleted.targetTable(), 0, 0, deleted.deleted());
	}

	private static int columnOf(Relation target, String column) {
		int index = target.columnIndex(column);
		if (index < 0) {
			throw new BigQueryError("invalidQuery", "Name " + column + " not found inside " + target.key());
		}
		return index;
	}

	private static String cast(String expression, Relation.Column column) {
		return "CAST((" + expression + ") AS " + column.type().typeName(ZetaSQLOptions.ProductMode.PRODUCT_EXTERNAL)
				+ ")";
	}

	private static Mutation applyMerge(Relation target, List<ASTMergeWhenClause> clauses,
			List<List<Integer>> clauseColumns, List<List<Value>> pairs) {
		boolean updatesMatched = clauses.stream().anyMatch(c -> c.getMatchType() == MatchType.MATCHED);
		Map<Long, Integer> matchesPerTarget = new HashMap<>();
		List<List<Value>> rows = new ArrayList<>(target.rows());
		Set<Integer> deleted = new HashSet<>();
		List<List<Value>> inserted = new ArrayList<>();
		long updated = 0;
		for (List<Value> pair : pairs) {
			Value targetRow = pair.get(0);
			Value sourceRow = pair.get(1);
			MatchType kind = targetRow.isNull() ? MatchType.NOT_MATCHED_BY_TARGET
					: sourceRow.isNull() ? MatchType.NOT_MATCHED_BY_SOURCE : MatchType.MATCHED;
			if (kind == MatchType.MATCHED && updatesMatched
					&& matchesPerTarget.merge(targetRow.getInt64Value(), 1, Integer::sum) > 1) {
				throw new BigQueryError("invalidQuery",
						"UPDATE/MERGE must match at most one source row for each target row");
			}
			for (int c = 0; c < clauses.size(); c++) {
				ASTMergeWhenClause clause = clauses.get(c);
				MatchType clauseKind = clause.getMatchType() == MatchType.NOT_SET ? MatchType.NOT_MATCHED_BY_TARGET
						: clause.getMatchType();
				Value evaluated = pair.get(2 + c);
				if (clauseKind != kind || evaluated.isNull()) {
					continue;
				}
				Value condition = evaluated.getFieldList().get(0);
				if (condition.isNull() || !condition.getBoolValue()) {
					continue;
				}
				List<Value> values = evaluated.getFieldList().subList(1, evaluated.getFieldCount());
				int width = values.size();
				switch (clause.getAction().getActionType()) {
					case DELETE -> deleted.add((int) targetRow.getInt64Value());
					case UPDATE -> {
						int index = (int) targetRow.getInt64Value();
						List<Value> row = new ArrayList<>(rows.get(index));
						for (int i = 0; i < width; i++) {
							row.set(clauseColumns.get(c).get(i), values.get(i));
						}
						rows.set(index, checked(target, row));
						updated++;
					}
					case INSERT -> {
						if (width != clauseColumns.get(c).size()) {
							throw new BigQueryError("invalidQuery",
									"INSERT ROW inserts " + width + " source columns into " + target.key()
											+ ", which has " + clauseColumns.get(c).size());
						}
						List<Value> row = new ArrayList<>();
						target.columns().forEach(column -> row.add(Value.createNullValue(column.type())));
						for (int i = 0; i < width; i++) {
							row.set(clauseColumns.get(c).get(i), values.get(i));
						}
						inserted.add(checked(target, row));
					}
					default -> throw new BigQueryError("invalidQuery", "unknown MERGE action");
				}
				break;
			}
		}
		List<List<Value>> result = new ArrayList<>();
		for (int i = 0; i < rows.size(); i++) {
			if (!deleted.contains(i)) {
				result.add(rows.get(i));
			}
		}
		result.addAll(inserted);
		boolean mutating = updated > 0 || !deleted.isEmpty() || updatesMatched
				|| clauses.stream().anyMatch(c -> c.getMatchType() == MatchType.NOT_MATCHED_BY_SOURCE);
		return new Mutation(target.key(), mutating, result, mutating ? null : inserted,
				new Result("MERGE", null, null, target.key(), inserted.size(), updated, deleted.size()));
	}

}
