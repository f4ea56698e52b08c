/**
 * Joint queries in SQL compiled to programs: the public schema of the members' tables ({@link
 * org.consortia.mpc.programs.sql.SqlCatalog}), the compiler from a SQL subset to one program ({@link
 * org.consortia.mpc.programs.sql.SqlCompiler}), the uses of every column it makes (which each member checks against its
 * column rules) and the result table the recipients assemble from what the program reveals.
 */
package org.consortia.mpc.programs.sql;
