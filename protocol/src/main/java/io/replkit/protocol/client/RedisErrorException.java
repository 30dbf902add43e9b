package io.replkit.protocol.client;

import java.io.IOException;

/** The server answered a command with an error reply; the message is the server's text. */
public class RedisErrorException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String address;

    public RedisErrorException(String address, String serverMessage) {
        super(serverMessage);
        this.address = address;
    }

    /** The error code: the first word of the message, e.g. {@code WRONGTYPE}. */
    public String code() {
        String m = getMessage();
        int sp = m.indexOf(' ');
        return sp < 0 ? m : m.substring(0, sp);
    }

    /** {@code host:port} of the server that answered. */
    public String address() {
        return address;
    }
}
