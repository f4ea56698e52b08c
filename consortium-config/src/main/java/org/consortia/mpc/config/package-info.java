/** Consortium configuration: immutable validated records whose errors name the file and field. */
package org.consortia.mpc.config;
