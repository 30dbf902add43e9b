package io.replkit.testkit;

import java.io.PrintStream;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link RedisTest}: one test-template invocation per binary of
 * {@link RedisBinaries#all()}. Each invocation carries its own {@link ParameterResolver} for
 * {@link RedisServer} and {@link RedisBinary}, an {@link ExecutionCondition} for
 * {@link MinRedisVersion}, and an {@link AfterEachCallback} that stops the server, prints its log to
 * stderr when the test failed, and deletes its directory.
 *
 * <p>Use it through {@code @RedisTest} rather than {@code @ExtendWith}.
 */
public final class RedisServerExtension implements TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RedisServerExtension.class);
    private static final String SERVER_KEY = "server";

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod()
                .map(m -> AnnotationSupport.isAnnotated(m, RedisTest.class))
                .orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return RedisBinaries.all().stream().map(Invocation::new);
    }

    /** The redis.conf lines that {@code @RedisConfig} gives for this test: class lines, then method lines. */
    static List<String> configLines(Class<?> testClass, Method testMethod) {
        List<String> lines = new ArrayList<>();
        Deque<Class<?>> classes = new ArrayDeque<>();
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            classes.addFirst(c); // outermost first
        }
        for (Class<?> c : classes) {
            AnnotationSupport.findAnnotation(c, RedisConfig.class).ifPresent(a -> lines.addAll(List.of(a.value())));
        }
        if (testMethod != null) {
            AnnotationSupport.findAnnotation(testMethod, RedisConfig.class)
                    .ifPresent(a -> lines.addAll(List.of(a.value())));
        }
        return lines;
    }

    /** The {@code @MinRedisVersion} for this test: the method's, else the nearest class's. */
    static Optional<RedisVersion> minVersion(Class<?> testClass, Method testMethod) {
        List<AnnotatedElement> places = new ArrayList<>();
        if (testMethod != null) {
            places.add(testMethod);
        }
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            places.add(c);
        }
        for (AnnotatedElement place : places) {
            Optional<MinRedisVersion> a = AnnotationSupport.findAnnotation(place, MinRedisVersion.class);
            if (a.isPresent()) {
                return Optional.of(RedisVersion.parse(a.get().value()));
            }
        }
        return Optional.empty();
    }

    private static final class Invocation implements TestTemplateInvocationContext {
        private final RedisBinary binary;

        Invocation(RedisBinary binary) {
            this.binary = binary;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return "redis " + binary.version();
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new PerInvocation(binary));
        }
    }

    private static final class PerInvocation implements ParameterResolver, ExecutionCondition, AfterEachCallback {
        private final RedisBinary binary;

        PerInvocation(RedisBinary binary) {
            this.binary = binary;
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<RedisVersion> min = minVersion(context.getTestClass().orElse(null),
                    context.getTestMethod().orElse(null));
            if (min.isPresent() && !binary.version().atLeast(min.get())) {
                return ConditionEvaluationResult.disabled(
                        "redis " + binary.version() + " is older than @MinRedisVersion(\"" + min.get() + "\")");
            }
            return ConditionEvaluationResult.enabled("redis " + binary.version());
        }

        @Override
        public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            Class<?> type = parameterContext.getParameter().getType();
            return type == RedisServer.class || type == RedisBinary.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
            Class<?> type = parameterContext.getParameter().getType();
            if (type == RedisBinary.class) {
                return binary;
            }
            // one server per invocation, shared by @BeforeEach/@AfterEach and the test method
            return context.getStore(NAMESPACE).getOrComputeIfAbsent(SERVER_KEY,
                    k -> RedisServer.start(binary, configLines(context.getRequiredTestClass(),
                            context.getTestMethod().orElse(null))),
                    RedisServer.class);
        }

        @Override
        public void afterEach(ExtensionContext context) {
            RedisServer server = context.getStore(NAMESPACE).remove(SERVER_KEY, RedisServer.class);
            if (server == null) {
                return;
            }
            try {
                server.stop();
                if (context.getExecutionException().isPresent()) {
                    printLog(server, context.getRequiredTestClass().getSimpleName() + "."
                            + context.getRequiredTestMethod().getName() + " [" + context.getDisplayName() + "]",
                            System.err);
                }
            } finally {
                server.close();
            }
        }

        private static void printLog(RedisServer server, String testName, PrintStream err) {
            String prefix = "[redis " + server.version() + " :" + server.port() + "] ";
            StringBuilder sb = new StringBuilder();
            sb.append(prefix).append("---- log of the server for failed test ").append(testName)
                    .append(" (").append(server.dir()).append(") ----\n");
            for (String line : server.log().split("\n")) {
                sb.append(prefix).append(line).append('\n');
            }
            sb.append(prefix).append("---- end of log ----\n");
            err.print(sb);
            err.flush();
        }
    }
}
