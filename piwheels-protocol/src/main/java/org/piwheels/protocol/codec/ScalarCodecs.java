package org.piwheels.protocol.codec;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.piwheels.protocol.cbor.CborException;
import org.piwheels.protocol.cbor.CborWriter;
import org.piwheels.protocol.cbor.NoData;

/** Codecs of the scalar types. A {@code null} is never accepted here (see {@link NullableCodec}). */
final class ScalarCodecs {
    private ScalarCodecs() {
    }

    /** Base for scalars: describes itself and rejects null on write. */
    private abstract static class Scalar<T> implements ValueCodec<T> {
        private final String name;

        Scalar(String name) {
            this.name = name;
        }

        @Override
        public final void write(CborWriter out, T value) {
            if (value == null) {
                throw new InvalidDataException("expected " + name + ", got null");
            }
            put(out, value);
        }

        abstract void put(CborWriter out, T value);

        @Override
        public String describe() {
            return name;
        }
    }

    static final ValueCodec<String> TEXT = new Scalar<>("text") {
        @Override
        void put(CborWriter out, String value) {
            try {
                out.writeText(value);
            } catch (CborException e) {
                throw new InvalidDataException(e.getMessage());
            }
        }

        @Override
        public String read(Object cbor) {
            if (cbor instanceof String) {
                return (String) cbor;
            }
            throw Codecs.mismatch(this, cbor);
        }
    };

    static final ValueCodec<Long> INT64 = new Scalar<>("int") {
        @Override
        void put(CborWriter out, Long value) {
            out.writeInt(value);
        }

        @Override
        public Long read(Object cbor) {
            if (cbor instanceof Long) {
                return (Long) cbor;
            } else if (cbor instanceof BigInteger) {
                throw new InvalidDataException("integer out of the signed 64-bit range");
            }
            throw Codecs.mismatch(this, cbor);
        }
    };

    static final ValueCodec<Integer> INT32 = new Scalar<>("int") {
        @Override
        void put(CborWriter out, Integer value) {
            out.writeInt(value);
        }

        @Override
        public Integer read(Object cbor) {
            long v = INT64.read(cbor);
            if (v != (int) v) {
                throw new InvalidDataException("integer out of range: " + v);
            }
            return (int) v;
        }
    };

    static final ValueCodec<BigInteger> BIGINT = new Scalar<>("int") {
        @Override
        void put(CborWriter out, BigInteger value) {
            out.writeInt(value);
        }

        @Override
        public BigInteger read(Object cbor) {
            if (cbor instanceof Long) {
                return BigInteger.valueOf((Long) cbor);
            } else if (cbor instanceof BigInteger) {
                return (BigInteger) cbor;
            }
            throw Codecs.mismatch(this, cbor);
        }
    };

    static final ValueCodec<Double> FLOAT = new Scalar<>("float") {
        @Override
        void put(CborWriter out, Double value) {
            out.writeDouble(value);
        }

        @Override
        public Double read(Object cbor) {
            if (cbor instanceof Double) {
                return (Double) cbor;
            }
            throw Codecs.mismatch(this, cbor);
        }
    };

    static final ValueCodec<Boolean> BOOL = new Scalar<>("bool") {
        @Override
        void put(CborWriter out, Boolean value) {
            out.writeBoolean(value);
        }

        @Override
        public Boolean read(Object cbor) {
            if (cbor instanceof Boolean) {
                return (Boolean) cbor;
            }
            throw Codecs.mismatch(this, cbor);
        }
    };

    static final ValueCodec<Instant> INSTANT = new Scalar<>("datetime") {
        @Override
        void put(CborWriter out, Instant value) {
            try {
                out.writeDateTime(value);
            } catch (CborException e) {
                throw new InvalidDataException(e.getMessage());
            }
        }

        @Override
        public Instant read(Object cbor) {
            if (cbor instanceof OffsetDateTime) {
                return ((OffsetDateTime) cbor).toInstant();
            } else if (cbor instanceof Instant) {
                return (Instant) cbor;
            }
            throw Codecs.mismatch(this, cbor);
        }
    };

    static final ValueCodec<OffsetDateTime> OFFSET_DATETIME = new Scalar<>("datetime") {
        @Override
        void put(CborWriter out, OffsetDateTime value) {
            try {
                out.writeDateTime(value);
            } catch (CborException e) {
                throw new InvalidDataException(e.getMessage());
            }
        }

        @Override
        public OffsetDateTime read(Object cbor) {
            if (cbor instanceof OffsetDateTime) {
                return (OffsetDateTime) cbor;
            } else if (cbor instanceof Instant) {
                return ((Instant) cbor).atOffset(java.time.ZoneOffset.UTC);
            }
            throw Codecs.mismatch(this, cbor);
        }
    };

    static final ValueCodec<Duration> DURATION = new Scalar<>("timedelta") {
        @Override
        void put(CborWriter out, Duration value) {
            try {
                out.writeDuration(value);
            } catch (CborException e) {
                throw new InvalidDataException("duration out of range");
            }
        }

        @Override
        public Duration read(Object cbor) {
            if (cbor instanceof Duration) {
                return (Duration) cbor;
            }
            throw Codecs.mismatch(this, cbor);
        }
    };

    static final ValueCodec<NoData> NO_DATA = new Scalar<>("no-data marker") {
        @Override
        void put(CborWriter out, NoData value) {
            out.writeNoData();
        }

        @Override
        public NoData read(Object cbor) {
            if (cbor == NoData.INSTANCE) {
                return NoData.INSTANCE;
            }
            throw Codecs.mismatch(this, cbor);
        }
    };

    static final ValueCodec<byte[]> BYTES = new Scalar<>("bytes") {
        @Override
        void put(CborWriter out, byte[] value) {
            out.writeBytes(value);
        }

        @Override
        public byte[] read(Object cbor) {
            if (cbor instanceof byte[]) {
                return (byte[]) cbor;
            }
            throw Codecs.mismatch(this, cbor);
        }
    };
}
