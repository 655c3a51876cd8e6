<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>db</name>
    <message>
      <location filename="../../db/errors.py" line="17" />
      <source>The database could not be opened: {reason}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../db/errors.py" line="51" />
      <source>The database could not be opened: {reason}. Check that the file or server is reachable and not in use, then try again.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../db/errors.py" line="28" />
      <source>This database was written by a newer version of ShopCircle (schema {found}; this program knows up to {known}). It was not opened or changed. Install the newer version of ShopCircle to use it.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../db/errors.py" line="62" />
      <source>Upgrading the database to version {version} failed and nothing was changed: {reason}. A backup was kept at {backup}.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../db/errors.py" line="40" />
      <source>{path} is not a ShopCircle database, or it is damaged. It was not changed. Choose the right file, or restore one of your backups.</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>errors</name>
    <message>
      <location filename="../../desktop/domain/errors.py" line="33" />
      <source>The file {path} cannot be used: {reason}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../desktop/domain/errors.py" line="9" />
      <source>The operation was refused.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../desktop/domain/errors.py" line="25" />
      <source>{field}: {problem}</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>store</name>
    <message>
      <location filename="../../desktop/domain/store.py" line="70" />
      <source>Accent colour</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="69" />
      <source>Brand colour</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="76" />
      <source>Language</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="93" />
      <location filename="../../desktop/domain/store.py" line="96" />
      <source>Logo</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="17" />
      <source>My Shop</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="104" />
      <location filename="../../desktop/domain/store.py" line="107" />
      <source>Store name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="107" />
      <source>at most 100 characters</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="93" />
      <source>choose a PNG image</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="104" />
      <source>enter a name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="97" />
      <source>the image is larger than 512 KB; choose a smaller one</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="76" />
      <source>unknown language</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="72" />
      <source>use a colour like #C8102E</source>
      <translation type="unfinished" />
    </message>
  </context>
</TS>
