package io.replkit.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Skips (reports as disabled) the {@link RedisTest} runs on servers older than this version, e.g.
 * {@code @MinRedisVersion("7.0")} or {@code @MinRedisVersion("7.0.3")}. On the method, or on the
 * class (the method's wins).
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface MinRedisVersion {
    /** {@code "major.minor"} or {@code "major.minor.patch"}. */
    String value();
}
