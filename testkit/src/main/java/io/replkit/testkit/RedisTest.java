package io.replkit.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test method once per available redis-server ({@link RedisBinaries#all()}), each run
 * named like {@code "redis 7.0.15"}. Parameters of type {@link RedisServer} get a fresh server
 * (started for that run with the lines of {@link RedisConfig}, stopped and deleted after it; its
 * log is printed to stderr when the run failed); parameters of type {@link RedisBinary} get the
 * binary of that run. {@link MinRedisVersion} skips runs on older servers.
 *
 * <pre>{@code
 * @RedisTest
 * @RedisConfig("maxmemory-policy allkeys-lfu")
 * void roundTrip(RedisServer redis) {
 *     try (TestRedisClient c = redis.client()) {
 *         c.call("SET", "k", "v");
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(RedisServerExtension.class)
public @interface RedisTest {
}
