/**
 * Numeric tables read from CSV files, bounded in size, with errors that name the file, row and column (for
 * the local operator's eyes: a node turns them into a code before anything leaves it).
 */
package org.consortia.mpc.runtime.data;
