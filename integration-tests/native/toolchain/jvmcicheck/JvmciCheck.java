import java.io.*;
import java.lang.invoke.MethodType;
import java.lang.reflect.*;
import java.util.*;
import java.util.zip.*;

/** Lists references from jars to jdk.vm.ci.* members that the running JDK's JVMCI does not have. */
public class JvmciCheck {
    public static void main(String[] args) throws Exception {
        Set<String> missing = new TreeSet<>();
        for (String jar : args) {
            try (ZipFile z = new ZipFile(jar)) {
                for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements();) {
                    ZipEntry ze = e.nextElement();
                    if (!ze.getName().endsWith(".class") || ze.getName().contains("module-info")) continue;
                    try (DataInputStream in = new DataInputStream(new BufferedInputStream(z.getInputStream(ze)))) {
                        scan(in, missing, ze.getName());
                    }
                }
            }
        }
        missing.forEach(System.out::println);
        System.out.println(missing.size() + " missing JVMCI members");
    }

    static void scan(DataInputStream in, Set<String> missing, String where) throws IOException {
        in.readInt(); in.readUnsignedShort(); in.readUnsignedShort();
        int n = in.readUnsignedShort();
        Object[] cp = new Object[n];
        int[][] refs = new int[n][];
        int[] kinds = new int[n];
        for (int i = 1; i < n; i++) {
            int tag = in.readUnsignedByte(); kinds[i] = tag;
            switch (tag) {
                case 1 -> cp[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> { in.readLong(); i++; }
                case 7, 8, 16, 19, 20 -> refs[i] = new int[]{in.readUnsignedShort()};
                case 9, 10, 11, 12, 17, 18 -> refs[i] = new int[]{in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> { in.readUnsignedByte(); in.readUnsignedShort(); }
                default -> throw new IOException("bad tag " + tag);
            }
        }
        for (int i = 1; i < n; i++) {
            if (kinds[i] != 9 && kinds[i] != 10 && kinds[i] != 11) continue;
            String owner = (String) cp[refs[refs[i][0]][0]];
            if (!owner.startsWith("jdk/vm/ci/")) continue;
            int[] nat = refs[refs[i][1]];
            String name = (String) cp[nat[0]], desc = (String) cp[nat[1]];
            String key = owner + "." + name + desc;
            try {
                Class<?> c = Class.forName(owner.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
                if (!has(c, kinds[i] == 9, name, desc)) missing.add(key + "   (used by " + where + ")");
            } catch (ClassNotFoundException ex) {
                missing.add("CLASS " + owner + "   (used by " + where + ")");
            }
        }
    }

    static boolean has(Class<?> c, boolean field, String name, String desc) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (matches(k, field, name, desc)) return true;
            for (Class<?> i : allInterfaces(k)) if (matches(i, field, name, desc)) return true;
        }
        return false;
    }

    static Set<Class<?>> allInterfaces(Class<?> c) {
        Set<Class<?>> s = new LinkedHashSet<>();
        Deque<Class<?>> q = new ArrayDeque<>(List.of(c.getInterfaces()));
        while (!q.isEmpty()) { Class<?> i = q.poll(); if (s.add(i)) q.addAll(List.of(i.getInterfaces())); }
        return s;
    }

    static boolean matches(Class<?> k, boolean field, String name, String desc) {
        if (field) {
            for (Field f : k.getDeclaredFields()) if (f.getName().equals(name) && f.getType().descriptorString().equals(desc)) return true;
            return false;
        }
        if (name.equals("<init>")) {
            for (Constructor<?> m : k.getDeclaredConstructors()) if (MethodType.methodType(void.class, m.getParameterTypes()).toMethodDescriptorString().equals(desc)) return true;
            return false;
        }
        for (Method m : k.getDeclaredMethods()) if (m.getName().equals(name) && MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString().equals(desc)) return true;
        return false;
    }
}
