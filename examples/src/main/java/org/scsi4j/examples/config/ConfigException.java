package org.scsi4j.examples.config;

/**
 * A configuration file that cannot be used. The message reads
 * {@code FILE:LINE: SETTING: what is wrong}, as compilers report errors, so an editor can jump to it.
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String setting;

    /**
     * @param file    the file's name as given (or a description such as "command line")
     * @param line    1-based line of the bad setting, 0 when unknown
     * @param setting the setting's path, e.g. {@code targets[0].devices.boot.size}, or null
     * @param problem what is wrong with it
     */
    public ConfigException(String file, int line, String setting, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + (setting == null ? "" : setting + ": ") + problem);
        this.file = file;
        this.line = line;
        this.setting = setting;
    }

    public String file() {
        return file;
    }

    /** @return 1-based line, 0 when unknown */
    public int line() {
        return line;
    }

    /** @return the setting's path, or null */
    public String setting() {
        return setting;
    }
}
