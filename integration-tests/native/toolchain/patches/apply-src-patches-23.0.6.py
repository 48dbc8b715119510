#!/usr/bin/env python3
"""Re-creates patches/src23 from svm-23.0.6-sources.jar (Maven Central) and applies the probe patches that make
svm 23.0.6 (built for JDK 17.0.13) work on Debian's JDK 17.0.15 (Jan-2025 JCE changes):
  - JceSecurity.IdentityWrapper -> WeakIdentityWrapper(Provider, ReferenceQueue)   (SecuritySubstitutions.java)
  - verification-cache cleaner reads the provider via Reference.get()              (SecurityServicesFeature.java)
  - Provider.EngineDescription.constructorParameterClassName -> constructorParameterClass (Class)"""
import sys, os, zipfile
srcjar, outdir = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(srcjar)
for n in ('com/oracle/svm/core/jdk/SecuritySubstitutions.java', 'com/oracle/svm/hosted/SecurityServicesFeature.java'):
    os.makedirs(os.path.join(outdir, os.path.dirname(n)), exist_ok=True)
    open(os.path.join(outdir, n), 'wb').write(z.read(n))
p = os.path.join(outdir, 'com/oracle/svm/core/jdk/SecuritySubstitutions.java')
s = open(p).read()
a = s.index('@TargetClass(className = "javax.crypto.JceSecurity", innerClass = "IdentityWrapper"')
b = s.index('class JceSecurityAccessor')
s = s[:a] + '''// PROBE PATCH: JDK 17.0.14+ replaced JceSecurity.IdentityWrapper with WeakIdentityWrapper(Provider, ReferenceQueue)
@TargetClass(className = "javax.crypto.JceSecurity", innerClass = "WeakIdentityWrapper", onlyWith = JDK17OrLater.class)
@SuppressWarnings({"unused"})
final class Target_javax_crypto_JceSecurity_IdentityWrapper {
    @Alias //
    Target_javax_crypto_JceSecurity_IdentityWrapper(Provider obj, java.lang.ref.ReferenceQueue<Object> queue) {
    }
}

''' + s[b:]
s = s.replace('return new Target_javax_crypto_JceSecurity_IdentityWrapper(p);', 'return new Target_javax_crypto_JceSecurity_IdentityWrapper(p, null);')
open(p, 'w').write(s)
p = os.path.join(outdir, 'com/oracle/svm/hosted/SecurityServicesFeature.java')
s = open(p).read()
a = s.index('        Class<?> identityWrapper = loader.findClassOrFail("javax.crypto.JceSecurity$IdentityWrapper");')
b = s.index('        return obj -> {\n            Map<Object, Object> original')
s = s[:a] + '''        // PROBE PATCH: JDK 17.0.14+ keys are JceSecurity.WeakIdentityWrapper (a WeakReference to the provider)
        Predicate<Object> listRemovalPredicate = wrapper -> {
            Object p = ((java.lang.ref.Reference<?>) wrapper).get();
            return p == null || shouldRemoveProvider((Provider) p);
        };

''' + s[b:]
old = '        Field consParamClassNameField = ReflectionUtil.lookupField(clazz, "constructorParameterClassName");\n'
assert old in s
s = s.replace(old, '''        // PROBE PATCH: JDK 17.0.14+ stores the Class itself in EngineDescription.constructorParameterClass
        Field consParamClassField = ReflectionUtil.lookupField(true, clazz, "constructorParameterClass");
        Field consParamClassNameField = consParamClassField != null ? null : ReflectionUtil.lookupField(clazz, "constructorParameterClassName");
''')
old = '                String constrParamClassName = (String) consParamClassNameField.get(engineDescription);'
assert old in s
s = s.replace(old, '''                if (consParamClassField != null) {
                    return (Class<?>) consParamClassField.get(engineDescription);
                }
''' + old)
open(p, 'w').write(s)
print('patched sources in', outdir)
