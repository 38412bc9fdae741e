package io.npy4j.dtype;

/** The unit of a {@code datetime64}/{@code timedelta64} descr ({@code '<M8[ns]'}); {@link #GENERIC} has none. */
public enum DateUnit {
    GENERIC(""), YEAR("Y"), MONTH("M"), WEEK("W"), DAY("D"), HOUR("h"), MINUTE("m"), SECOND("s"),
    MILLISECOND("ms"), MICROSECOND("us"), NANOSECOND("ns"), PICOSECOND("ps"), FEMTOSECOND("fs"), ATTOSECOND("as");

    private final String symbol;

    DateUnit(String symbol) {
        this.symbol = symbol;
    }

    /** NumPy's spelling inside the brackets. */
    public String symbol() {
        return symbol;
    }

    /** The unit spelled {@code s} (NumPy also accepts {@code μs} for microseconds), or null. */
    static DateUnit bySymbol(String s) {
        if (s.equals("\u03bcs")) {
            return MICROSECOND;
        }
        for (DateUnit u : values()) {
            if (u != GENERIC && u.symbol.equals(s)) {
                return u;
            }
        }
        return null;
    }
}
