/**
 * Per-dataset privacy budgets: the crash-safe ledger of what jobs reserved, spent and released
 * ({@link org.consortia.mpc.node.budget.BudgetLedger}) against the budgets the policy sets
 * ({@link org.consortia.mpc.node.budget.Budget}).
 */
package org.consortia.mpc.node.budget;
