package io.replkit.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Extra redis.conf lines for the {@link RedisServer} injected into a {@link RedisTest}, e.g.
 * {@code @RedisConfig({"maxmemory-policy allkeys-lfu", "appendonly yes"})}. On the class (applies
 * to all its {@code @RedisTest} methods; enclosing classes of {@code @Nested} ones count too) and
 * on the method; the class's lines come first, then the method's, and later lines win.
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RedisConfig {
    /** Whole config lines, {@code "directive arg..."}, as in redis.conf. */
    String[] value();
}
