package io.keygate.bench;

import io.keygate.core.role.Role;
import io.keygate.core.role.RoleCompiler;
import io.keygate.core.role.RoleDescriptor;
import org.openjdk.jmh.annotations.*;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Role compilation: descriptors → automata. {@code compile} misses the content cache every time (what the first request
 * of a new role or key pays); {@code compileCached} and {@code forApiKeyCached} are what every request pays to find its
 * compiled role again (the cache key is built and hashed per call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoleCompileBench {

    @Param({"1", "10", "100"})
    public int patterns;

    private RoleCompiler compiler;
    private List<RoleDescriptor> descriptors;
    private List<RoleDescriptor> owner;

    @Setup
    public void setup() {
        compiler = new RoleCompiler();
        descriptors = Fixtures.writerRole(patterns, false);
        owner = Fixtures.superuser();
    }

    @Benchmark
    public Role compile() {
        compiler.invalidateAll();
        return compiler.compile(descriptors);
    }

    /** A new API key's first request: its own role, its owner's (superuser) and their intersection, all compiled. */
    @Benchmark
    public Role forApiKey() {
        compiler.invalidateAll();
        return compiler.forApiKey(descriptors, owner);
    }

    @Benchmark
    public Role compileCached() {
        return compiler.compile(descriptors);
    }

    @Benchmark
    public Role forApiKeyCached() {
        return compiler.forApiKey(descriptors, owner);
    }
}
