package dev.racelab.modelcheck;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The class files a child JVM needs to load a class the notebook compiled. A class on the library's class path needs
 * none (the child has the same class path). A class from a JJava cell lives only in the kernel's memory: JJava's
 * loader delegate keeps every snippet's bytes in a map ({@code JJavaLoaderDelegate.declaredClasses}), read here by
 * reflection, all of them, because a learner's class may use another cell's class. Any other loader: the class file
 * as a resource, with its nest mates, or a message saying it cannot be found.
 */
final class ClassFiles {
    private ClassFiles() {}

    static Map<String, byte[]> of(Class<?> c) {
        ClassLoader loader = c.getClassLoader();
        if (loader == null || loader == ClassLoader.getSystemClassLoader()) return Map.of();
        // in the kernel the library and the cells share JJava's loader: ask it first for the cell's class
        Map<String, byte[]> jjava = jjava(loader);
        if (jjava != null && jjava.containsKey(c.getName())) return jjava;
        if (loader == ClassFiles.class.getClassLoader()) return Map.of();   // a library class: on the child's path
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Class<?> k : c.getNestHost().getNestMembers()) {
            byte[] b = resource(k);
            if (b != null) out.put(k.getName(), b);
        }
        if (!out.containsKey(c.getName())) {
            throw new IllegalStateException("cannot find the class file of " + c.getName() + " (loaded by "
                    + loader.getClass().getName() + "); put the code in a source string and use ModelCheck.source(…)");
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, byte[]> jjava(ClassLoader loader) {
        try {
            Field outer = loader.getClass().getDeclaredField("this$0");
            outer.setAccessible(true);
            Object delegate = outer.get(loader);
            Field f = delegate.getClass().getDeclaredField("declaredClasses");
            f.setAccessible(true);
            Object m = f.get(delegate);
            if (!(m instanceof Map<?, ?> map)) return null;
            Map<String, byte[]> copy = new LinkedHashMap<>();
            synchronized (map) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (e.getKey() instanceof String k && e.getValue() instanceof byte[] b) copy.put(k, b.clone());
                }
            }
            return copy;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;   // not JJava's loader (or a JJava that changed): try the class file as a resource
        }
    }

    static byte[] resource(Class<?> k) {
        try (InputStream in = k.getClassLoader().getResourceAsStream(k.getName().replace('.', '/') + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
