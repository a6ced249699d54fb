package io.keygate.bench;

import io.keygate.core.authc.Hasher;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * Credential verification without any store read: {@code ssha256} is what a key not in cache costs once its document is
 * loaded (the target is ≥ 5,000 keys/s per node); bcrypt (cost 10) is a Basic-auth cache miss.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HashBench {

    private char[] secret;
    private String ssha256;
    private String bcrypt;

    @Setup
    public void setup() {
        secret = "VuaCfGcBCdbkQm-e5aOx12".toCharArray(); // the length of an Elasticsearch API key secret (22)
        ssha256 = Hasher.SSHA256.hash(secret);
        bcrypt = Hasher.BCRYPT.hash(secret);
        if (!Hasher.verify(secret, ssha256) || !Hasher.verify(secret, bcrypt)) throw new IllegalStateException();
    }

    @Benchmark
    public boolean ssha256Verify() {
        return Hasher.verify(secret, ssha256);
    }

    @Benchmark
    public String ssha256Hash() {
        return Hasher.SSHA256.hash(secret);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Measurement(iterations = 20)
    @Warmup(iterations = 3)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public boolean bcryptVerify() {
        return Hasher.verify(secret, bcrypt);
    }
}
