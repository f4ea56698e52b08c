/** Joint analyses written on the researcher API: secure aggregation (more to come: regression). */
package org.consortia.mpc.protocols.analysis;
