package org.consortia.mpc.inference;

import org.consortia.mpc.sharing.MpcException;

/** A model the importer cannot take: names the op type, the node and what is supported. */
public class OnnxImportException extends MpcException {
    private static final long serialVersionUID = 1L;

    public OnnxImportException(String message) {
        super(message);
    }

    public OnnxImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
