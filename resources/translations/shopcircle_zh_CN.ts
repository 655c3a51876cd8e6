<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>About</name>
    <message>
      <location filename="../../desktop/views/about.py" line="29" />
      <source>About ShopCircle</source>
      <translation>关于店圈</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="65" />
      <source>Backups</source>
      <translation>备份</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="64" />
      <source>Data folder</source>
      <translation>数据文件夹</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="61" />
      <source>Database</source>
      <translation>数据库</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="66" />
      <source>Log files</source>
      <translation>日志文件</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="47" />
      <source>Members, QR sign-up, coupons and partner exchange for your shop, on your own PC.</source>
      <translation>会员、扫码入会、优惠券和异业合作，都在您自己的电脑上。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="76" />
      <source>Open</source>
      <translation>打开</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="78" />
      <source>Open {folder}</source>
      <translation>打开{folder}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="85" />
      <source>Proprietary software. Copyright © ShopCircle. All rights reserved.</source>
      <translation>专有软件。版权所有 © 店圈，保留所有权利。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="63" />
      <source>Schema version</source>
      <translation>数据结构版本</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="43" />
      <source>ShopCircle</source>
      <translation>店圈</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="44" />
      <source>Version {version}</source>
      <translation>版本 {version}</translation>
    </message>
  </context>
  <context>
    <name>App</name>
    <message>
      <location filename="../../desktop/app.py" line="175" />
      <source>ShopCircle cannot open the database</source>
      <translation>店圈无法打开数据库</translation>
    </message>
    <message>
      <location filename="../../desktop/app.py" line="91" />
      <source>ShopCircle is already open</source>
      <translation>店圈已经打开</translation>
    </message>
    <message>
      <location filename="../../desktop/app.py" line="91" />
      <source>ShopCircle is already open with this database. Use the window that is open (look in the taskbar).</source>
      <translation>店圈已经用这个数据库打开了。请使用已打开的窗口（可在任务栏中找到）。</translation>
    </message>
    <message>
      <location filename="../../desktop/app.py" line="222" />
      <source>The screenshot could not be written to {path}.</source>
      <translation>截图无法保存到 {path}。</translation>
    </message>
    <message>
      <location filename="../../desktop/app.py" line="74" />
      <source>The size must be at least 200x150 pixels.</source>
      <translation>尺寸至少为 200x150 像素。</translation>
    </message>
    <message>
      <location filename="../../desktop/app.py" line="246" />
      <source>Today's automatic backup could not be made: {reason}</source>
      <translation>今天的自动备份没有成功：{reason}</translation>
    </message>
  </context>
  <context>
    <name>Crash</name>
    <message>
      <location filename="../../desktop/views/dialogs.py" line="69" />
      <source>Log file: {path}
Problem: {summary}</source>
      <translation>日志文件：{path}
问题：{summary}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/dialogs.py" line="72" />
      <source>Open log folder</source>
      <translation>打开日志文件夹</translation>
    </message>
    <message>
      <location filename="../../desktop/views/dialogs.py" line="62" />
      <source>ShopCircle ran into a problem</source>
      <translation>店圈遇到了问题</translation>
    </message>
    <message>
      <location filename="../../desktop/views/dialogs.py" line="63" />
      <source>Something went wrong inside ShopCircle. Your data is safe: everything saved before this message is still in the database. If it happens again, send the log file to whoever supports your ShopCircle.</source>
      <translation>店圈内部出错了。您的数据是安全的：出现此消息之前保存的内容都仍在数据库中。如果再次发生，请把日志文件发给为您提供店圈支持的人。</translation>
    </message>
  </context>
  <context>
    <name>FirstRun</name>
    <message>
      <location filename="../../desktop/views/first_run.py" line="106" />
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <location filename="../../desktop/views/first_run.py" line="116" />
      <source>Later</source>
      <translation>稍后</translation>
    </message>
    <message>
      <location filename="../../desktop/views/first_run.py" line="99" />
      <source>ShopCircle keeps your members, coupons and partner shops on this computer. Tell it your store's name to begin; posters and coupons will print it.</source>
      <translation>店圈把您的会员、优惠券和合作伙伴都保存在这台电脑上。先填写店名就可以开始了，海报和优惠券上会印上它。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/first_run.py" line="113" />
      <source>Start using ShopCircle</source>
      <translation>开始使用</translation>
    </message>
    <message>
      <location filename="../../desktop/views/first_run.py" line="104" />
      <source>Store name</source>
      <translation>店名</translation>
    </message>
    <message>
      <location filename="../../desktop/views/first_run.py" line="97" />
      <location filename="../../desktop/views/first_run.py" line="98" />
      <source>Welcome to ShopCircle</source>
      <translation>欢迎使用店圈</translation>
    </message>
    <message>
      <location filename="../../desktop/views/first_run.py" line="108" />
      <source>You can change these, add a logo and colours later in Settings.</source>
      <translation>以后可以在“设置”中修改这些内容，并添加标志和颜色。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/first_run.py" line="105" />
      <source>e.g. Sunny Bakery</source>
      <translation>例如：阳光烘焙</translation>
    </message>
  </context>
  <context>
    <name>Home</name>
    <message>
      <location filename="../../desktop/views/home/page.py" line="130" />
      <source>+{count} new in the last {days} days</source>
      <translation>最近 {days} 天新增 {count} 位</translation>
    </message>
    <message>
      <location filename="../../desktop/views/home/page.py" line="103" />
      <source>Backups</source>
      <translation>备份</translation>
    </message>
    <message>
      <location filename="../../desktop/views/home/page.py" line="60" />
      <source>Coupons issued</source>
      <translation>已发优惠券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/home/page.py" line="102" />
      <source>Database</source>
      <translation>数据库</translation>
    </message>
    <message>
      <location filename="../../desktop/views/home/page.py" line="58" />
      <source>Members</source>
      <translation>会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/home/page.py" line="81" />
      <source>No members or purchases yet. Start by filling in your store's name, logo and colours: posters and coupons print them.</source>
      <translation>还没有会员和消费记录。先填写店名、标志和颜色吧，海报和优惠券都会用到它们。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/home/page.py" line="113" />
      <source>Open the data folder</source>
      <translation>打开数据文件夹</translation>
    </message>
    <message>
      <location filename="../../desktop/views/home/page.py" line="52" />
      <source>Overview</source>
      <translation>概览</translation>
    </message>
    <message>
      <location filename="../../desktop/views/home/page.py" line="59" />
      <source>Purchases</source>
      <translation>消费笔数</translation>
    </message>
    <message>
      <location filename="../../desktop/views/home/page.py" line="86" />
      <source>Set up your store</source>
      <translation>设置店铺信息</translation>
    </message>
    <message>
      <location filename="../../desktop/views/home/page.py" line="74" />
      <source>ShopCircle helps your shop turn walk-in customers into regulars: customers join as members by scanning a QR poster, get a welcome coupon, and come back for birthday and win-back offers; you swap coupons with partner shops nearby and see what works on the dashboard. Everything stays on this computer.</source>
      <translation>店圈帮您把进店的客人变成回头客：顾客扫海报上的二维码入会，领取入会礼券，再因生日关怀和召回优惠而回来；您还可以和附近的合作商家互发优惠券，并在看板上看到哪些做法有效。所有数据都保存在这台电脑上。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/home/page.py" line="73" />
      <source>Welcome to ShopCircle</source>
      <translation>欢迎使用店圈</translation>
    </message>
    <message>
      <location filename="../../desktop/views/home/page.py" line="95" />
      <source>Where your data is kept</source>
      <translation>数据保存位置</translation>
    </message>
    <message>
      <location filename="../../desktop/views/home/page.py" line="135" />
      <source>in the last {days} days</source>
      <translation>最近 {days} 天</translation>
    </message>
    <message>
      <location filename="../../desktop/views/home/page.py" line="139" />
      <source>in the last {days} days, {count} redeemed</source>
      <translation>最近 {days} 天，已核销 {count} 张</translation>
    </message>
    <message>
      <location filename="../../desktop/views/home/page.py" line="124" />
      <source>{store} at a glance; recent figures cover the last {days} days.</source>
      <translation>{store}的经营概况；近期数据统计最近 {days} 天。</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../desktop/views/main_window.py" line="141" />
      <source>About</source>
      <translation>关于</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="143" />
      <source>About ShopCircle (F1)</source>
      <translation>关于店圈 (F1)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="162" />
      <source>Opening the database…</source>
      <translation>正在打开数据库…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="123" />
      <source>ShopCircle</source>
      <translation>店圈</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="108" />
      <source>ShopCircle — {store}</source>
      <translation>店圈 — {store}</translation>
    </message>
  </context>
  <context>
    <name>MemberDialog</name>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="43" />
      <source>Add member</source>
      <translation>添加会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="77" />
      <source>Birthday</source>
      <translation>生日</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="95" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="42" />
      <source>Edit member</source>
      <translation>编辑会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="63" />
      <source>Female</source>
      <translation>女</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="78" />
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="64" />
      <source>Male</source>
      <translation>男</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="75" />
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="62" />
      <source>Not given</source>
      <translation>未填写</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="81" />
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="76" />
      <source>Phone</source>
      <translation>手机号</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="92" />
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="80" />
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="79" />
      <source>WeChat</source>
      <translation>微信</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="60" />
      <source>e.g. 1990-05-03 or 5月3日</source>
      <translation>例如 1990-05-03 或 5月3日</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="69" />
      <source>separate tags with commas</source>
      <translation>多个标签用逗号分隔</translation>
    </message>
  </context>
  <context>
    <name>MemberTableModel</name>
    <message>
      <location filename="../../desktop/views/members/model.py" line="39" />
      <source>Joined</source>
      <translation>入会日期</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="37" />
      <source>Last visit</source>
      <translation>最近到店</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="32" />
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="182" />
      <source>No visit yet</source>
      <translation>还没有到店记录</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="33" />
      <source>Phone</source>
      <translation>手机号</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="35" />
      <source>Points</source>
      <translation>积分</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="38" />
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="36" />
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="34" />
      <source>Tier</source>
      <translation>等级</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="57" />
      <source>today</source>
      <translation>今天</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="59" />
      <source>yesterday</source>
      <translation>昨天</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="61" />
      <source>{n} days ago</source>
      <translation>{n} 天前</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="63" />
      <source>{n} months ago</source>
      <translation>{n} 个月前</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="64" />
      <source>{n} years ago</source>
      <translation>{n} 年前</translation>
    </message>
  </context>
  <context>
    <name>MembersPage</name>
    <message>
      <location filename="../../desktop/views/members/page.py" line="201" />
      <source>1 member</source>
      <translation>共 1 位会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="74" />
      <location filename="../../desktop/views/members/page.py" line="153" />
      <source>Add member</source>
      <translation>添加会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="218" />
      <source>Added {name}</source>
      <translation>已添加 {name}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="70" />
      <source>Members</source>
      <translation>会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="187" />
      <source>No member matches “{query}”. Check the phone or name, or add them as a new member.</source>
      <translation>没有与“{query}”匹配的会员。请检查手机号或姓名，或将其添加为新会员。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="144" />
      <source>No members yet</source>
      <translation>还没有会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="227" />
      <source>Saved {name}</source>
      <translation>已保存 {name}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="82" />
      <source>Search by phone, name or pinyin initials (zs finds 张三)</source>
      <translation>按手机号、姓名或拼音首字母搜索（zs 可找到 张三）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="83" />
      <source>Search members</source>
      <translation>搜索会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="145" />
      <source>This is your member book: every customer who joins, with their phone, points, tier, tags and last visit. Find anyone by phone, name or pinyin initials while they wait at the counter. Add your first member now; importing an Excel list comes later.</source>
      <translation>这里是您的会员簿：每位入会的顾客，以及他们的手机号、积分、等级、标签和最近到店时间。顾客在收银台等候时，输入手机号、姓名或拼音首字母即可找到。现在就添加第一位会员吧；从 Excel 导入的功能稍后推出。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="209" />
      <source>{n} found</source>
      <translation>找到 {n} 位</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="203" />
      <source>{n} members</source>
      <translation>共 {n} 位会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="207" />
      <source>{n}+ found</source>
      <translation>已找到 {n}+ 位</translation>
    </message>
  </context>
  <context>
    <name>Navigation</name>
    <message>
      <location filename="../../desktop/views/pages.py" line="24" />
      <source>Members</source>
      <translation>会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/pages.py" line="23" />
      <source>Overview</source>
      <translation>概览</translation>
    </message>
    <message>
      <location filename="../../desktop/views/pages.py" line="29" />
      <source>Settings</source>
      <translation>设置</translation>
    </message>
  </context>
  <context>
    <name>Pages</name>
    <message>
      <location filename="../../desktop/views/pages.py" line="61" />
      <source>The page '{page}' is not available yet. Pages you can show: {pages}.</source>
      <translation>“{page}”页面暂未提供。可以显示的页面：{pages}。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/pages.py" line="63" />
      <source>There is no page called '{page}'. Pages you can show: {pages}.</source>
      <translation>没有名为“{page}”的页面。可以显示的页面：{pages}。</translation>
    </message>
  </context>
  <context>
    <name>Settings</name>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="129" />
      <source>A PNG image of at most 512 KB. A square logo looks best.</source>
      <translation>PNG 图片，不超过 512 KB。方形标志效果最好。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="178" />
      <source>A second colour for posters and coupons.</source>
      <translation>海报和优惠券上的第二种颜色。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="174" />
      <location filename="../../desktop/views/settings/page.py" line="176" />
      <source>Accent colour</source>
      <translation>辅助色</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="134" />
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="44" />
      <source>Back up now</source>
      <translation>立即备份</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="109" />
      <source>Backup restored</source>
      <translation>备份已恢复</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="105" />
      <source>Backup saved: {name}</source>
      <translation>备份已保存：{name}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="168" />
      <location filename="../../desktop/views/settings/page.py" line="170" />
      <source>Brand colour</source>
      <translation>品牌色</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="153" />
      <source>Choose PNG…</source>
      <translation>选择 PNG…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="75" />
      <source>Choose a backup to restore</source>
      <translation>选择要恢复的备份</translation>
    </message>
    <message>
      <location filename="../../desktop/views/widgets.py" line="103" />
      <location filename="../../desktop/views/widgets.py" line="104" />
      <source>Choose a colour…</source>
      <translation>选择颜色…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="309" />
      <source>Choose the store logo</source>
      <translation>选择店铺标志</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="166" />
      <source>Colours</source>
      <translation>颜色</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="31" />
      <source>Data and backups</source>
      <translation>数据与备份</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="37" />
      <source>Database: {path}</source>
      <translation>数据库：{path}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="206" />
      <source>Discard changes</source>
      <translation>放弃修改</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="194" />
      <source>Display language</source>
      <translation>界面语言</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="37" />
      <source>Follow system</source>
      <translation>跟随系统</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="207" />
      <source>Go back to what is saved (Esc)</source>
      <translation>恢复为已保存的内容 (Esc)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="185" />
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="127" />
      <source>Logo</source>
      <translation>标志</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="62" />
      <source>Newest backup: {time} ({size})</source>
      <translation>最近一次备份：{time}（{size}）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="65" />
      <source>No backup yet.</source>
      <translation>还没有备份。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="349" />
      <source>No logo</source>
      <translation>暂无标志</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="296" />
      <source>Not saved: correct the field marked in red.</source>
      <translation>未保存：请修改标红的项目。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="48" />
      <source>Open the backups folder</source>
      <translation>打开备份文件夹</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="309" />
      <source>PNG images (*.png)</source>
      <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="138" />
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="155" />
      <source>Remove logo</source>
      <translation>移除标志</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="92" />
      <source>Restore</source>
      <translation>恢复</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="91" />
      <source>Restore a backup</source>
      <translation>恢复备份</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="46" />
      <source>Restore from a backup…</source>
      <translation>从备份恢复…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="86" />
      <source>Restore the backup {name}{when}?

Everything in the database now is replaced by the backup. A backup of the data as it is now is made first, so this can be undone by restoring that one.</source>
      <translation>要恢复备份 {name}{when} 吗？

数据库中现有的全部数据都会被这个备份替换。恢复前会先把现在的数据备份一份，需要时可以再恢复回来。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="209" />
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="210" />
      <source>Save (Enter or Ctrl+S)</source>
      <translation>保存 (Enter 或 Ctrl+S)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="92" />
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="273" />
      <source>Settings saved</source>
      <translation>设置已保存</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="76" />
      <source>ShopCircle backups (*.db *.zip)</source>
      <translation>店圈备份 (*.db *.zip)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="32" />
      <source>ShopCircle makes a backup every day you open it, and before every upgrade and restore. Make one yourself before big changes, or copy one to a USB stick now and then.</source>
      <translation>每天打开店圈时，以及每次升级和恢复之前，店圈都会自动备份。做大的改动之前可以手动备份一次，也建议不时把备份复制到U盘保存。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="125" />
      <source>Store name</source>
      <translation>店名</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="119" />
      <source>Store profile</source>
      <translation>店铺信息</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="71" />
      <source>The backup could not be made</source>
      <translation>备份没有完成</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="98" />
      <source>The backup could not be restored</source>
      <translation>备份没有恢复</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="109" />
      <source>The backup was restored. The data it replaced was kept in {path}.</source>
      <translation>备份已恢复。被替换的数据已另存在 {path}。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="319" />
      <source>The file could not be read: {reason}</source>
      <translation>无法读取该文件：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="172" />
      <source>The window's highlights, posters and coupons use it.</source>
      <translation>用于窗口中的强调色、海报和优惠券。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="82" />
      <source>This backup cannot be restored</source>
      <translation>这个备份无法恢复</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="93" />
      <source>Your store's details appear on posters, coupons and partner sheets.</source>
      <translation>店铺信息会出现在海报、优惠券和合作伙伴表格上。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="124" />
      <source>e.g. Sunny Bakery</source>
      <translation>例如：阳光烘焙</translation>
    </message>
  </context>
  <context>
    <name>argparse</name>
    <message>
      <location filename="../../desktop/cli/parser.py" line="23" />
      <source>ambiguous option: %(option)s could match %(matches)s</source>
      <translation>选项不明确：%(option)s 可以匹配 %(matches)s</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/parser.py" line="17" />
      <source>argument %(argument_name)s: %(message)s</source>
      <translation>参数 %(argument_name)s：%(message)s</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/parser.py" line="22" />
      <source>expected one argument</source>
      <translation>需要一个参数值</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/parser.py" line="21" />
      <source>invalid %(type)s value: %(value)r</source>
      <translation>无效的 %(type)s 值：%(value)r</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/parser.py" line="20" />
      <source>invalid choice: %(value)r (choose from %(choices)s)</source>
      <translation>无效的选择：%(value)r（可选：%(choices)s）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/parser.py" line="24" />
      <source>not allowed with argument %s</source>
      <translation>不能与参数 %s 同时使用</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/parser.py" line="25" />
      <source>one of the arguments %s is required</source>
      <translation>必须提供参数 %s 之一</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/parser.py" line="15" />
      <source>options</source>
      <translation>选项</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/parser.py" line="14" />
      <source>positional arguments</source>
      <translation>位置参数</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/parser.py" line="16" />
      <source>show this help message and exit</source>
      <translation>显示此帮助信息并退出</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/parser.py" line="18" />
      <source>the following arguments are required: %s</source>
      <translation>缺少以下必需参数：%s</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/parser.py" line="26" />
      <source>unknown parser %(parser_name)r (choices: %(choices)s)</source>
      <translation>未知命令 %(parser_name)r（可选：%(choices)s）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/parser.py" line="19" />
      <source>unrecognized arguments: %s</source>
      <translation>无法识别的参数：%s</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/parser.py" line="13" />
      <source>usage: </source>
      <translation>用法：</translation>
    </message>
  </context>
  <context>
    <name>cli</name>
    <message>
      <location filename="../../desktop/cli/main.py" line="56" />
      <source>--smoke-test and --screenshot open the window; give no command with them.</source>
      <translation>--smoke-test 和 --screenshot 会打开窗口，不能同时给出命令。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="31" />
      <source>Add a member. Exit code 1 when another member already has the phone, 2 when a value is not usable (the field is named).</source>
      <translation>添加会员。手机号已被其他会员使用时退出码为 1，某项内容无法使用时为 2（并指明是哪一项）。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/backup.py" line="48" />
      <source>Backup written to {path} ({size}).</source>
      <translation>备份已保存到 {path}（{size}）。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="131" />
      <source>Birthday</source>
      <translation>生日</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/check.py" line="8" />
      <source>Check the database: storage integrity, broken links, and that every member's points, spend and visits agree with the points ledger and purchases. Exit code 1 when a problem is found.</source>
      <translation>检查数据库：存储是否完好、有没有断开的关联，以及每位会员的积分、消费额和到店次数是否与积分流水和消费记录一致。发现问题时退出码为 1。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/check.py" line="37" />
      <source>Database: {database} ({backend}, schema {schema})</source>
      <translation>数据库：{database}（{backend}，数据结构版本 {schema}）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/demo.py" line="46" />
      <source>Demo store filled: {members} members, {purchases} purchases (seed {seed}, {seconds:.1f} s).</source>
      <translation>演示门店已填充：{members} 位会员，{purchases} 条消费记录（种子 {seed}，用时 {seconds:.1f} 秒）。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/check.py" line="51" />
      <location filename="../../desktop/cli/main.py" line="194" />
      <source>Error:</source>
      <translation>错误：</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="79" />
      <source>Exit codes: 0 done; 1 refused for a business reason; 2 bad input or unusable file (nothing written); 3 environment problem (database locked or unreachable, disk full, database too new); 4 internal error. 'shopcircle COMMAND --help' describes each command.</source>
      <translation>退出码：0 完成；1 因业务原因被拒绝；2 输入有误或文件无法使用（未写入任何内容）；3 环境问题（数据库被锁定或无法连接、磁盘已满、数据库版本过新）；4 内部错误。“shopcircle COMMAND --help”可查看每条命令的说明。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/demo.py" line="9" />
      <source>Fill the database with a realistic demo store: members with Chinese names and mobile numbers, tiers, tags, entry points, staff and six months of purchases with their points. Refuses a database that already has members unless --force is given; then the demo members are added beside them.</source>
      <translation>用一家逼真的演示门店填充数据库：有中文姓名和手机号的会员、会员等级、标签、引流入口、店员，以及六个月的消费记录和积分。数据库里已有会员时会拒绝执行，除非指定 --force；指定后演示会员会添加在现有会员旁边。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="131" />
      <source>ID</source>
      <translation>编号</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="172" />
      <source>Internal error: {error}. This is a bug in ShopCircle; the details are in the log.</source>
      <translation>内部错误：{error}。这是店圈的程序缺陷，详细信息已写入日志。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="50" />
      <source>List members, newest first (by phone when searching digits).</source>
      <translation>列出会员，最新加入的在前（按数字搜索时按手机号排序）。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="74" />
      <source>Member {id} added: {name} {phone}</source>
      <translation>已添加会员 {id}：{name} {phone}</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/check.py" line="39" />
      <source>Members: {members}  Coupons: {coupons}  Purchases: {purchases}</source>
      <translation>会员：{members}  优惠券：{coupons}  消费记录：{purchases}</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="131" />
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/check.py" line="43" />
      <source>No problems found.</source>
      <translation>没有发现问题。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="131" />
      <source>Phone</source>
      <translation>手机</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="132" />
      <source>Points</source>
      <translation>积分</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/check.py" line="48" />
      <source>Problems found:</source>
      <translation>发现以下问题：</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/backup.py" line="23" />
      <source>Replace all data in the database with the data in FILE (a ShopCircle .db or .zip backup, from SQLite or PostgreSQL). The file is checked first; the data it replaces is backed up to the backups folder, and the command says where.</source>
      <translation>用 FILE（店圈的 .db 或 .zip 备份，来自 SQLite 或 PostgreSQL 均可）中的数据替换数据库中的全部数据。会先检查文件；被替换的数据会先备份到备份文件夹，并告诉你保存位置。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/backup.py" line="63" />
      <source>Restored {path}. The data it replaced was backed up to {backup}.</source>
      <translation>已从 {path} 恢复。被替换的数据已备份到 {backup}。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="116" />
      <source>SQLite file, sqlite:///path or postgresql://user:pass@host:port/name (default: SHOPCIRCLE_DB, else the file in the user data folder)</source>
      <translation>SQLite 文件、sqlite:///路径 或 postgresql://用户:密码@主机:端口/库名（默认：环境变量 SHOPCIRCLE_DB，否则使用用户数据文件夹中的文件）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="77" />
      <source>ShopCircle (店圈): members, QR sign-up, coupons and partner exchange for a small shop. With no COMMAND the window opens.</source>
      <translation>店圈 ShopCircle：为小店管理会员、扫码入会、优惠券和异业合作。不带 COMMAND 时打开窗口。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="132" />
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="132" />
      <source>Stopped.</source>
      <translation>已停止。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="132" />
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="155" />
      <source>The database is in use by another program and stayed locked. Wait a moment or close the other program, then try again.</source>
      <translation>数据库正被其他程序使用，一直处于锁定状态。请稍等片刻或关闭那个程序，然后重试。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="188" />
      <source>The disk is full. Free some space, then try again; nothing was changed.</source>
      <translation>磁盘已满。请腾出一些空间后重试；数据未做任何改动。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="18" />
      <source>The member book.</source>
      <translation>会员名册。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="215" />
      <source>The window cannot start: {error}</source>
      <translation>无法启动窗口：{error}</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/backup.py" line="42" />
      <source>There are no backups yet.</source>
      <translation>还没有备份。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="132" />
      <source>Tier</source>
      <translation>等级</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/backup.py" line="11" />
      <source>Write an online backup (safe while the window is open). A SQLite database is copied as a .db file unless --out ends in .zip; PostgreSQL is written as a portable .zip. Without --out the file goes to the backups folder.</source>
      <translation>在线备份（窗口开着时也安全）。SQLite 数据库复制为 .db 文件（--out 以 .zip 结尾时除外）；PostgreSQL 写成可移植的 .zip 文件。不指定 --out 时，文件保存在备份文件夹中。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="30" />
      <source>add a member</source>
      <translation>添加会员</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="17" />
      <source>add and list members</source>
      <translation>添加和列出会员</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/demo.py" line="22" />
      <source>add demo members even though the database already has members</source>
      <translation>即使数据库里已有会员，也添加演示会员</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="55" />
      <source>at most N members (default 100)</source>
      <translation>最多 N 位会员（默认 100）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/backup.py" line="10" />
      <source>back up the database now</source>
      <translation>立即备份数据库</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/check.py" line="11" />
      <source>check the database and count rows</source>
      <translation>检查数据库并统计数量</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/parser.py" line="66" />
      <source>choose zh_CN or en</source>
      <translation>请选择 zh_CN 或 en</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="103" />
      <source>commands</source>
      <translation>命令</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="37" />
      <source>e.g. 1990-05-03, 1990/5/3, 1990年5月3日, 19900503, 5月3日 or 05-03</source>
      <translation>例如 1990-05-03、1990/5/3、1990年5月3日、19900503、5月3日 或 05-03</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/parser.py" line="84" />
      <source>enter a whole number of at least 1</source>
      <translation>请输入不小于 1 的整数</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/demo.py" line="14" />
      <source>fill a realistic demo store</source>
      <translation>填充一家逼真的演示门店</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/demo.py" line="17" />
      <source>how many members (default 2000)</source>
      <translation>会员数量（默认 2000）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="121" />
      <source>language of messages (default: the store's setting, else the system's)</source>
      <translation>提示信息的语言（默认：门店设置中的语言，否则跟随系统）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="49" />
      <source>list members</source>
      <translation>列出会员</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/backup.py" line="18" />
      <source>list the backups in the backups folder instead</source>
      <translation>改为列出备份文件夹中的备份</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="35" />
      <source>mobile number: 11 digits in China, else +country code</source>
      <translation>手机号：中国大陆为 11 位，其他国家和地区请加 + 和国家代码</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="57" />
      <source>only the members of this segment (with --search: both)</source>
      <translation>只列出该分群的会员（与 --search 同用时须同时满足）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="89" />
      <source>open the main window, wait for its first paint, exit</source>
      <translation>打开主窗口，等它第一次绘制完成后退出</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="52" />
      <source>phone prefix, pinyin initials (zs finds 张三) or part of the name</source>
      <translation>手机号开头、拼音首字母（zs 可找到张三）或姓名中的字</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="119" />
      <source>print one JSON object on stdout and nothing else</source>
      <translation>在标准输出上只打印一个 JSON 对象</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="86" />
      <source>print the version and exit</source>
      <translation>显示版本号并退出</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/demo.py" line="19" />
      <source>random seed: the same seed gives the same members (default: a new one, printed)</source>
      <translation>随机种子：相同的种子生成相同的会员（默认随机生成一个，并显示出来）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="91" />
      <source>render the window to a PNG file and exit</source>
      <translation>把窗口渲染成 PNG 图片后退出</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/backup.py" line="22" />
      <source>replace the data with a backup's</source>
      <translation>用备份中的数据替换现有数据</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="20" />
      <source>subcommands</source>
      <translation>子命令</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="40" />
      <source>tags separated by commas (new tags are created)</source>
      <translation>标签，用逗号分隔（没有的标签会新建）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/backup.py" line="28" />
      <source>the backup to restore</source>
      <translation>要恢复的备份文件</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="42" />
      <source>the entry point the member joined through: its id, channel code or name</source>
      <translation>会员加入时的引流入口：编号、渠道码或名称</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="33" />
      <source>the name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="125" />
      <source>there is no entry point {entry}</source>
      <translation>没有引流入口 {entry}</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/backup.py" line="16" />
      <source>where to write the backup</source>
      <translation>备份文件的保存位置</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="87" />
      <source>window</source>
      <translation>窗口</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="93" />
      <source>with --screenshot: the page to show (home, members, entries, coupons, redeem, partners, dashboard, settings)</source>
      <translation>配合 --screenshot：要显示的页面（home、members、entries、coupons、redeem、partners、dashboard、settings）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="97" />
      <source>with --screenshot: window size, e.g. 1280x800</source>
      <translation>配合 --screenshot：窗口尺寸，例如 1280x800</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/parser.py" line="73" />
      <source>write the size as WIDTHxHEIGHT, e.g. 1280x800</source>
      <translation>尺寸请写成 宽x高，例如 1280x800</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/demo.py" line="35" />
      <source>{done} of {total} members</source>
      <translation>已完成 {done} / {total} 位会员</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="137" />
      <source>{shown} of {total} members</source>
      <translation>显示 {shown} 位，共 {total} 位会员</translation>
    </message>
  </context>
  <context>
    <name>db</name>
    <message>
      <location filename="../../db/backup.py" line="78" />
      <source>Restoring {path} failed and the data was left as it was: {reason}. A safety backup of the data is at {backup}.</source>
      <translation>从 {path} 恢复失败，数据保持原样：{reason}。数据的安全备份保存在 {backup}。</translation>
    </message>
    <message>
      <location filename="../../db/backup.py" line="70" />
      <source>The backup could not be written to {path}: {reason}</source>
      <translation>无法把备份写入 {path}：{reason}</translation>
    </message>
    <message>
      <location filename="../../db/errors.py" line="17" />
      <source>The database could not be opened: {reason}</source>
      <translation>无法打开数据库：{reason}</translation>
    </message>
    <message>
      <location filename="../../db/errors.py" line="51" />
      <source>The database could not be opened: {reason}. Check that the file or server is reachable and not in use, then try again.</source>
      <translation>无法打开数据库：{reason}。请检查文件或服务器是否可以访问、是否正被其他程序占用，然后重试。</translation>
    </message>
    <message>
      <location filename="../../db/errors.py" line="28" />
      <source>This database was written by a newer version of ShopCircle (schema {found}; this program knows up to {known}). It was not opened or changed. Install the newer version of ShopCircle to use it.</source>
      <translation>这个数据库是由更新版本的店圈写入的（数据结构版本 {found}；本程序最高支持 {known}）。它没有被打开，也没有被改动。请安装新版店圈后再使用。</translation>
    </message>
    <message>
      <location filename="../../db/errors.py" line="62" />
      <source>Upgrading the database to version {version} failed and nothing was changed: {reason}. A backup was kept at {backup}.</source>
      <translation>将数据库升级到版本 {version} 失败，数据未做任何改动：{reason}。升级前的备份保存在 {backup}。</translation>
    </message>
    <message>
      <location filename="../../db/backup.py" line="47" />
      <source>{path} is not a ShopCircle backup, or it is damaged or missing. Nothing was changed.</source>
      <translation>{path} 不是店圈的备份，或者已损坏、不存在。数据未做任何改动。</translation>
    </message>
    <message>
      <location filename="../../db/errors.py" line="40" />
      <source>{path} is not a ShopCircle database, or it is damaged. It was not changed. Choose the right file, or restore one of your backups.</source>
      <translation>{path} 不是店圈数据库，或者已经损坏。它没有被改动。请选择正确的文件，或从备份中恢复。</translation>
    </message>
    <message>
      <location filename="../../db/backup.py" line="58" />
      <source>{path} was made by a newer version of ShopCircle (schema {found}; this program knows up to {known}). Nothing was changed. Install the newer version to restore it.</source>
      <translation>{path} 是由更新版本的店圈制作的（数据结构版本 {found}；本程序最高支持 {known}）。数据未做任何改动。请安装新版店圈后再恢复它。</translation>
    </message>
  </context>
  <context>
    <name>demo</name>
    <message>
      <location filename="../../desktop/domain/demo.py" line="106" />
      <source>Number of members</source>
      <translation>会员数量</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/demo.py" line="59" />
      <source>This database already has {count} members, so no demo data was added. Use a new database file (--db demo.db), or --force to add demo members anyway.</source>
      <translation>这个数据库里已经有 {count} 位会员，因此没有添加演示数据。请使用一个新的数据库文件（--db demo.db），或者用 --force 强制添加演示会员。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/demo.py" line="107" />
      <source>choose between 1 and {maximum}</source>
      <translation>请填写 1 到 {maximum} 之间的数</translation>
    </message>
  </context>
  <context>
    <name>errors</name>
    <message>
      <location filename="../../desktop/domain/members.py" line="51" />
      <source>A member with this phone already exists: {name}</source>
      <translation>已有会员使用这个手机号：{name}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/errors.py" line="38" />
      <source>The file {path} cannot be used: {reason}</source>
      <translation>无法使用文件 {path}：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/errors.py" line="14" />
      <source>The operation was refused.</source>
      <translation>操作被拒绝。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="59" />
      <source>There is no member {id}.</source>
      <translation>没有编号为 {id} 的会员。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/errors.py" line="30" />
      <source>{field}: {problem}</source>
      <translation>{field}：{problem}</translation>
    </message>
  </context>
  <context>
    <name>health</name>
    <message>
      <location filename="../../desktop/domain/health.py" line="57" />
      <source>Tables are missing from the database: {tables}</source>
      <translation>数据库中缺少以下数据表：{tables}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/health.py" line="95" />
      <source>The database file is damaged: {detail}</source>
      <translation>数据库文件已损坏：{detail}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/health.py" line="163" />
      <source>{count} members' points balance differs from the sum of their points ledger (for example member {ids})</source>
      <translation>有 {count} 位会员的积分余额与积分流水合计不一致（例如会员 {ids}）</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/health.py" line="166" />
      <source>{count} members' total spent differs from the sum of their purchases (for example member {ids})</source>
      <translation>有 {count} 位会员的累计消费与消费记录合计不一致（例如会员 {ids}）</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/health.py" line="169" />
      <source>{count} members' visit count differs from their number of purchases (for example member {ids})</source>
      <translation>有 {count} 位会员的到店次数与消费记录条数不一致（例如会员 {ids}）</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/health.py" line="130" />
      <source>{count} rows point at rows that do not exist (in {tables})</source>
      <translation>有 {count} 条记录指向不存在的记录（位于 {tables}）</translation>
    </message>
  </context>
  <context>
    <name>imports</name>
    <message>
      <location filename="../../desktop/domain/imports/columns.py" line="36" />
      <source>Birthday</source>
      <translation>生日</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/errors.py" line="11" />
      <source>Cannot import {path}: {reason} {advice}</source>
      <translation>无法导入 {path}：{reason}{advice}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="20" />
      <source>Check that the file is there and not open in another program.</source>
      <translation>请确认文件还在，并且没有被其他程序占用。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="101" />
      <source>Choose one of the sheets in the workbook.</source>
      <translation>请选择工作簿中已有的工作表。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="25" />
      <source>Choose the file that holds the member list.</source>
      <translation>请选择保存会员名单的文件。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="106" />
      <source>Choose the sheet or file that holds the member list.</source>
      <translation>请选择保存会员名单的工作表或文件。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="55" />
      <source>Copy only the member list into a new workbook and import that.</source>
      <translation>请只把会员名单复制到一个新工作簿中再导入。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="111" />
      <source>Copy the cells and paste them as values only, then import again.</source>
      <translation>请复制这些单元格并“粘贴为数值”，然后再导入。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="82" />
      <source>Delete the columns that are not needed and import again.</source>
      <translation>请删除不需要的列后再导入。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="88" />
      <source>Delete the unused rows and columns, or split the list into smaller files.</source>
      <translation>请删除用不到的行和列，或把名单拆成几个小文件。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/columns.py" line="36" />
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="31" />
      <source>Import only the member list, or split it into smaller files.</source>
      <translation>请只导入会员名单，或把它拆成几个小文件。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="95" />
      <source>In Excel, save it as "CSV UTF-8" and import that file.</source>
      <translation>请在 Excel 中另存为“CSV UTF-8”后再导入。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/columns.py" line="35" />
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/preview.py" line="110" />
      <source>No column was recognised as the phone number; choose it in the column mapping.</source>
      <translation>没有识别出手机号所在的列，请在列对应关系中选择。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/columns.py" line="39" />
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="14" />
      <source>Open it in Excel or WPS, save it again as .xlsx or .csv and import that file.</source>
      <translation>请用 Excel 或 WPS 打开它，另存为 .xlsx 或 .csv 后再导入。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="36" />
      <source>Open it in Excel, remove the password, save it and import it again.</source>
      <translation>请用 Excel 打开，取消密码并保存后再导入。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/columns.py" line="35" />
      <source>Phone</source>
      <translation>手机</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/columns.py" line="38" />
      <source>Points</source>
      <translation>积分</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/preview.py" line="47" />
      <source>Row {row}, {field}: {problem}</source>
      <translation>第 {row} 行，{field}：{problem}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/preview.py" line="45" />
      <source>Row {row}: {problem}</source>
      <translation>第 {row} 行：{problem}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="75" />
      <source>Split the list into files of at most {limit} rows.</source>
      <translation>请把名单拆成每个不超过 {limit} 行的文件。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/columns.py" line="38" />
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/columns.py" line="37" />
      <source>Tier</source>
      <translation>等级</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/columns.py" line="37" />
      <source>WeChat ID</source>
      <translation>微信号</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/values.py" line="81" />
      <source>a phone number cannot have decimals</source>
      <translation>手机号不能有小数</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/values.py" line="178" />
      <source>gender must be 男 or 女 (M or F)</source>
      <translation>性别必须是 男 或 女（M 或 F）</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/values.py" line="71" />
      <source>longer than {limit} characters</source>
      <translation>超过 {limit} 个字</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/values.py" line="168" />
      <source>not a date; write it like 1990-05-03, 1990年5月3日 or 5月3日</source>
      <translation>不是日期，请写成 1990-05-03、1990年5月3日 或 5月3日</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/values.py" line="94" />
      <source>not a phone number</source>
      <translation>不是手机号</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/values.py" line="207" />
      <source>points must be a whole number, zero or more</source>
      <translation>积分必须是不小于 0 的整数</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/values.py" line="163" />
      <source>the birthday is in the future</source>
      <translation>生日不能在将来</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/values.py" line="161" />
      <source>the birthday's year must be between 1900 and this year</source>
      <translation>生日的年份必须在 1900 年到今年之间</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/preview.py" line="166" />
      <source>the cell holds a formula; paste the cells as values only</source>
      <translation>单元格里是公式，请把单元格“粘贴为数值”后再导入</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="67" />
      <source>the file contains XML entity declarations, which spreadsheets do not need and which can be used to attack a computer.</source>
      <translation>文件里含有 XML 实体声明，正常表格用不到它，它可能被用来攻击电脑。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="19" />
      <source>the file does not exist or cannot be opened.</source>
      <translation>文件不存在或无法打开。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="41" />
      <source>the file is damaged or incomplete.</source>
      <translation>文件已损坏或不完整。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="24" />
      <source>the file is empty.</source>
      <translation>文件是空的。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="30" />
      <source>the file is larger than {limit} MB.</source>
      <translation>文件超过 {limit} MB。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="61" />
      <source>the file is made of too many parts ({count}).</source>
      <translation>文件内部组成部分太多（{count} 个）。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="47" />
      <source>the file is neither a spreadsheet (.xlsx, .xls, .ods) nor a text (.csv) file.</source>
      <translation>文件既不是表格（.xlsx、.xls、.ods），也不是文本（.csv）文件。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="35" />
      <source>the file is protected by a password.</source>
      <translation>文件设置了密码。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="53" />
      <source>the file would expand to more than {limit} MB when opened, far more than a member list needs.</source>
      <translation>文件打开后会展开到 {limit} MB 以上，远超会员名单所需。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/values.py" line="97" />
      <source>the number was shortened by Excel ({text}) and its last digits are lost; type the full number</source>
      <translation>号码被 Excel 缩写成了 {text}，后几位已经丢失，请填写完整号码</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/preview.py" line="180" />
      <source>the phone is missing</source>
      <translation>缺少手机号</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="110" />
      <source>the sheet contains formulas.</source>
      <translation>工作表里有公式。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="81" />
      <source>the sheet has more than {limit} columns.</source>
      <translation>工作表超过 {limit} 列。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="74" />
      <source>the sheet has more than {limit} rows.</source>
      <translation>工作表超过 {limit} 行。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="105" />
      <source>the sheet holds no rows.</source>
      <translation>工作表里没有数据。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="87" />
      <source>the sheet spans more than {limit} cells.</source>
      <translation>工作表的范围超过 {limit} 个单元格。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="94" />
      <source>the text is neither UTF-8 nor GBK/GB18030.</source>
      <translation>文本编码既不是 UTF-8，也不是 GBK/GB18030。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/refusals.py" line="100" />
      <source>the workbook has no sheet "{sheet}".</source>
      <translation>工作簿中没有名为“{sheet}”的工作表。</translation>
    </message>
  </context>
  <context>
    <name>member_export</name>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="46" />
      <source>Birthday</source>
      <translation>生日</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_export.py" line="10" />
      <source>Export the live members (all, a search, a segment, or both) to an .xlsx or a UTF-8 .csv file, chosen by the extension. The file appears only when complete. Exit code 2 for an unknown segment or file type.</source>
      <translation>把会员（全部、搜索结果、某个分群，或两者同时满足）导出为 .xlsx 或 UTF-8 .csv 文件，格式按扩展名决定。文件只在写完后才出现。分群或文件类型无效时退出码为 2。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_export.py" line="14" />
      <source>FILE.xlsx or FILE.csv</source>
      <translation>文件.xlsx 或 文件.csv</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="134" />
      <source>Female</source>
      <translation>女</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="120" />
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="45" />
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="42" />
      <source>ID</source>
      <translation>编号</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="54" />
      <source>Joined</source>
      <translation>加入时间</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="51" />
      <source>Last visit</source>
      <translation>最近到店</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="134" />
      <source>Male</source>
      <translation>男</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="198" />
      <source>Members</source>
      <translation>会员</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="43" />
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="44" />
      <source>Phone</source>
      <translation>手机号</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="48" />
      <source>Points</source>
      <translation>积分</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="53" />
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="52" />
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="70" />
      <source>The export was cancelled; no file was written.</source>
      <translation>导出已取消，没有写入文件。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="47" />
      <source>Tier</source>
      <translation>会员等级</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="49" />
      <source>Total spent (¥)</source>
      <translation>累计消费（元）</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="50" />
      <source>Visits</source>
      <translation>消费次数</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="121" />
      <source>cannot export to a {suffix} file; use one of {formats}</source>
      <translation>不能导出为 {suffix} 文件，请使用 {formats}</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_export.py" line="9" />
      <source>export members to .xlsx or .csv</source>
      <translation>导出会员到 .xlsx 或 .csv</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_export.py" line="22" />
      <source>hide the middle of each phone: 138****5678</source>
      <translation>隐藏手机号中间四位：138****5678</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_export.py" line="16" />
      <source>only the members of this segment (e.g. customers, sleeping, birthday_month)</source>
      <translation>只导出该分群的会员（如 customers、sleeping、birthday_month）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_export.py" line="19" />
      <source>only the members this search finds (phone prefix, pinyin initials or part of the name)</source>
      <translation>只导出搜索到的会员（手机号开头、拼音首字母或姓名的一部分）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_export.py" line="38" />
      <source>{rows} members exported to {path}</source>
      <translation>已导出 {rows} 位会员到 {path}</translation>
    </message>
  </context>
  <context>
    <name>member_import</name>
    <message>
      <location filename="../../desktop/domain/member_import_rejects.py" line="31" />
      <source>Column {number}</source>
      <translation>第 {number} 列</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_import.py" line="19" />
      <source>Import members from a spreadsheet or CSV file. Exit code 0 when done, even if some rows were rejected; 2 when the file cannot be used (nothing is written).</source>
      <translation>从电子表格或 CSV 文件导入会员。完成时退出码为 0（即使有行被拒绝）；文件无法使用时为 2（不写入任何数据）。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_import.py" line="77" />
      <source>Imported {imported}, updated {updated}, skipped {skipped}, rejected {rejected}.</source>
      <translation>已导入 {imported} 条，更新 {updated} 条，跳过 {skipped} 条，拒绝 {rejected} 条。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import_rejects.py" line="40" />
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import_rejects.py" line="34" />
      <source>Rejected rows</source>
      <translation>未导入的行</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_import.py" line="82" />
      <source>Rejected rows saved to {path}</source>
      <translation>未导入的行已保存到 {path}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import_rejects.py" line="39" />
      <source>Row in file</source>
      <translation>原文件行号</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import.py" line="199" />
      <source>Row {row}: there is no tier called {tier}; the tier was left out.</source>
      <translation>第 {row} 行：没有名为“{tier}”的会员等级，已忽略该等级。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_import.py" line="70" />
      <source>Row {row}: {reason}</source>
      <translation>第 {row} 行：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import.py" line="64" />
      <source>The import was cancelled; nothing was changed.</source>
      <translation>导入已取消，数据未作任何更改。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import.py" line="73" />
      <source>The members changed while the file was being imported; nothing was changed. Import it again.</source>
      <translation>导入期间会员资料发生了变化，数据未作任何更改。请重新导入。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_import.py" line="73" />
      <source>This file was imported before.</source>
      <translation>此文件以前已导入过。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_import.py" line="74" />
      <source>Would import {imported}, update {updated}, skip {skipped}, reject {rejected} (dry run: nothing written).</source>
      <translation>将导入 {imported} 条，更新 {updated} 条，跳过 {skipped} 条，拒绝 {rejected} 条（试运行：未写入任何数据）。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_import.py" line="52" />
      <source>Written {done} of {total}</source>
      <translation>已写入 {done} / {total}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import.py" line="217" />
      <source>a new member needs a name</source>
      <translation>新会员需要填写姓名</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_import.py" line="27" />
      <source>a phone already known (in the database or earlier in the file): skip the row, fill empty fields, or overwrite (default skip)</source>
      <translation>手机号已存在（数据库中或文件前面的行）时：跳过该行、补全空白字段或覆盖（默认跳过）</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import.py" line="247" />
      <source>a tag has more than {limit} characters</source>
      <translation>有标签超过 {limit} 个字</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import.py" line="438" />
      <source>balance set by an import</source>
      <translation>导入调整积分余额</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import.py" line="179" />
      <source>choose skip, fill or overwrite</source>
      <translation>请选择跳过、补全或覆盖</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_import.py" line="18" />
      <source>import a member list (.xlsx, .xls, .ods, .csv)</source>
      <translation>导入会员名单（.xlsx、.xls、.ods、.csv）</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import.py" line="415" />
      <source>opening balance from an import</source>
      <translation>导入的期初积分</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_import.py" line="24" />
      <source>report what would happen, write nothing</source>
      <translation>只报告将会发生什么，不写入任何数据</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_import.py" line="31" />
      <source>save the rejected rows with their reasons to this .xlsx</source>
      <translation>把未导入的行及原因保存到此 .xlsx 文件</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_import.py" line="22" />
      <source>the member list</source>
      <translation>会员名单文件</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import.py" line="218" />
      <source>the row with the same phone above was rejected</source>
      <translation>上方相同手机号的行已被拒绝</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import.py" line="256" />
      <source>{field}: {problem}</source>
      <translation>{field}：{problem}</translation>
    </message>
  </context>
  <context>
    <name>members</name>
    <message>
      <location filename="../../desktop/domain/members.py" line="151" />
      <location filename="../../desktop/views/members/member_dialog.py" line="173" />
      <source>Birthday</source>
      <translation>生日</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="332" />
      <source>Entry point</source>
      <translation>引流入口</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="304" />
      <location filename="../../desktop/views/members/member_dialog.py" line="173" />
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="261" />
      <source>Merge</source>
      <translation>合并</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="299" />
      <location filename="../../desktop/domain/members.py" line="301" />
      <location filename="../../desktop/views/members/member_dialog.py" line="172" />
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="310" />
      <location filename="../../desktop/views/members/member_dialog.py" line="175" />
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="355" />
      <location filename="../../desktop/views/members/member_dialog.py" line="174" />
      <source>Tag</source>
      <translation>标签</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="309" />
      <location filename="../../desktop/views/members/member_dialog.py" line="174" />
      <source>WeChat</source>
      <translation>微信</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="140" />
      <source>at most {limit} characters</source>
      <translation>最多 {limit} 个字符</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="305" />
      <source>choose female, male or leave it empty</source>
      <translation>请选择女、男，或留空</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="262" />
      <source>choose two different members</source>
      <translation>请选择两位不同的会员</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="301" />
      <source>enter a name</source>
      <translation>请输入姓名</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="158" />
      <source>the year {year} is not possible</source>
      <translation>年份 {year} 不可能</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="163" />
      <source>there is no day {day} in month {month}</source>
      <translation>{month} 月没有 {day} 日</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="333" />
      <source>there is no entry point {id}</source>
      <translation>没有编号为 {id} 的引流入口</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="153" />
      <source>write it like 1990-05-03, 1990年5月3日 or 5月3日</source>
      <translation>请写成 1990-05-03、1990年5月3日 或 5月3日 这样的格式</translation>
    </message>
  </context>
  <context>
    <name>phones</name>
    <message>
      <location filename="../../desktop/domain/phones.py" line="69" />
      <location filename="../../desktop/views/members/member_dialog.py" line="172" />
      <source>Phone</source>
      <translation>手机号</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/phones.py" line="37" />
      <source>a Chinese mobile number has 11 digits and starts with 13 to 19</source>
      <translation>中国大陆手机号为 11 位数字，以 13 到 19 开头</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/phones.py" line="47" />
      <source>a Chinese mobile number has 11 digits and starts with 13 to 19; write other countries' numbers with + and the country code</source>
      <translation>中国大陆手机号为 11 位数字，以 13 到 19 开头；其他国家或地区的号码请写 + 和国家代码</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/phones.py" line="30" />
      <source>a phone number may contain only digits, spaces, dashes and a leading +</source>
      <translation>手机号只能包含数字、空格、短横线和开头的 +</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/phones.py" line="40" />
      <source>an international number needs its country code and 8 to 15 digits in all</source>
      <translation>国际号码需要带国家代码，总共 8 到 15 位数字</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/phones.py" line="24" />
      <source>enter a mobile number</source>
      <translation>请输入手机号</translation>
    </message>
  </context>
  <context>
    <name>purchases</name>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="294" />
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="280" />
      <location filename="../../desktop/domain/purchases.py" line="150" />
      <source>Member</source>
      <translation>会员</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="51" />
      <source>No member has the phone number {phone}.</source>
      <translation>没有手机号为 {phone} 的会员。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="288" />
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="268" />
      <source>Points expired</source>
      <translation>积分过期</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="72" />
      <source>Purchase {id} is a refund; a refund cannot be refunded.</source>
      <translation>记录 {id} 本身是退款，退款不能再退。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/purchases.py" line="57" />
      <source>Purchase {id} recorded: {amount} yuan, {points} points earned; balance {balance} points.</source>
      <translation>已记录消费 {id}：{amount} 元，获得 {points} 积分；积分余额 {balance}。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="65" />
      <source>Purchase {id} was already refunded (refund {refund}).</source>
      <translation>消费 {id} 已经退过款（退款记录 {refund}）。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/purchases.py" line="73" />
      <source>Purchase {purchase} refunded (refund {id}): {points} points taken back; balance {balance} points.</source>
      <translation>消费 {purchase} 已退款（退款记录 {id}）：收回 {points} 积分；积分余额 {balance}。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/purchases.py" line="10" />
      <source>Record a member's purchase with the points it earns, or refund a purchase and take its points back.</source>
      <translation>记录会员的一笔消费及其所得积分，或为一笔消费退款并收回其积分。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/purchases.py" line="16" />
      <source>Record a purchase by the member with phone P; the member earns points by the points-per-yuan setting. Exit code 1 when no member has that phone, 2 for a bad amount.</source>
      <translation>为手机号为 P 的会员记录一笔消费；会员按“每元积分”设置获得积分。没有该手机号的会员时退出码为 1，金额有误时为 2。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="198" />
      <source>Refund of purchase {id}</source>
      <translation>消费 {id} 的退款</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/purchases.py" line="27" />
      <source>Refund purchase ID in full and take back the points it earned (the balance may go below zero if they were spent). Exit code 1 when it was already refunded or does not exist.</source>
      <translation>为编号 ID 的消费全额退款并收回其所得积分（若积分已被使用，余额可能变为负数）。已退款或不存在时退出码为 1。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="58" />
      <source>There is no purchase number {id}.</source>
      <translation>没有编号为 {id} 的消费记录。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/purchases.py" line="23" />
      <source>a note</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/purchases.py" line="22" />
      <source>amount in yuan, e.g. 38.5</source>
      <translation>金额（元），例如 38.5</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="117" />
      <source>at most 1,000,000 yuan</source>
      <translation>最多 1,000,000 元</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="289" />
      <source>at most 200 characters</source>
      <translation>最多 200 个字符</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="106" />
      <source>at most two decimals (fen)</source>
      <translation>最多两位小数（精确到分）</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="103" />
      <location filename="../../desktop/domain/purchases.py" line="113" />
      <source>enter an amount in yuan, like 38.5</source>
      <translation>请输入以元为单位的金额，例如 38.5</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="115" />
      <source>must be more than 0</source>
      <translation>必须大于 0</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/purchases.py" line="15" />
      <source>record a purchase</source>
      <translation>记录一笔消费</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/purchases.py" line="9" />
      <source>record purchases and refunds</source>
      <translation>记录消费和退款</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/purchases.py" line="26" />
      <source>refund a purchase</source>
      <translation>为一笔消费退款</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/purchases.py" line="20" />
      <source>the member's mobile number</source>
      <translation>会员的手机号</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/purchases.py" line="32" />
      <source>the purchase number</source>
      <translation>消费编号</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="281" />
      <source>this member does not exist</source>
      <translation>该会员不存在</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="151" />
      <source>this member was deleted or merged</source>
      <translation>该会员已删除或已合并</translation>
    </message>
  </context>
  <context>
    <name>segments</name>
    <message>
      <location filename="../../desktop/domain/segments.py" line="63" />
      <source>Birthday between Monday and Sunday of this week</source>
      <translation>生日在本周一至周日之间</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/segments.py" line="65" />
      <source>Birthday in this calendar month</source>
      <translation>生日在本月</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/segments.py" line="64" />
      <source>Birthdays this month</source>
      <translation>本月生日</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/segments.py" line="62" />
      <source>Birthdays this week</source>
      <translation>本周生日</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/segments.py" line="54" />
      <source>Customers</source>
      <translation>存量客户</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/segments.py" line="61" />
      <source>Customers who have not visited for a while</source>
      <translation>消费过但很久没有到店的会员</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/segments.py" line="51" />
      <source>Joined in the last 30 days</source>
      <translation>最近 30 天内入会</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/segments.py" line="59" />
      <source>Members in the top tier</source>
      <translation>最高等级的会员</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/segments.py" line="53" />
      <source>Members who have not bought anything yet</source>
      <translation>还没有消费过的会员</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/segments.py" line="55" />
      <source>Members with at least one purchase</source>
      <translation>至少消费过一次的会员</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/segments.py" line="57" />
      <source>Members with two or more purchases</source>
      <translation>消费过两次及以上的会员</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/segments.py" line="50" />
      <source>New members</source>
      <translation>新会员</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/segments.py" line="52" />
      <source>Prospects (no purchase yet)</source>
      <translation>半存量（尚未消费）</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/segments.py" line="56" />
      <source>Repeat customers</source>
      <translation>回头客</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/segments.py" line="75" />
      <source>Segment</source>
      <translation>会员分组</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/segments.py" line="60" />
      <source>Sleeping</source>
      <translation>沉睡会员</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/segments.py" line="58" />
      <source>VIP</source>
      <translation>VIP</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/segments.py" line="76" />
      <source>unknown segment; choose one of {keys}</source>
      <translation>未知的分组，请从以下选择：{keys}</translation>
    </message>
  </context>
  <context>
    <name>store</name>
    <message>
      <location filename="../../desktop/domain/store.py" line="71" />
      <location filename="../../desktop/views/settings/page.py" line="281" />
      <source>Accent colour</source>
      <translation>辅助色</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="70" />
      <location filename="../../desktop/views/settings/page.py" line="280" />
      <source>Brand colour</source>
      <translation>品牌色</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="77" />
      <location filename="../../desktop/views/settings/page.py" line="283" />
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="94" />
      <location filename="../../desktop/domain/store.py" line="97" />
      <location filename="../../desktop/views/settings/page.py" line="282" />
      <source>Logo</source>
      <translation>标志</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="15" />
      <source>My Shop</source>
      <translation>我的店</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="105" />
      <location filename="../../desktop/domain/store.py" line="108" />
      <location filename="../../desktop/views/settings/page.py" line="279" />
      <source>Store name</source>
      <translation>店名</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="108" />
      <source>at most 100 characters</source>
      <translation>最多 100 个字符</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="94" />
      <source>choose a PNG image</source>
      <translation>请选择 PNG 图片</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="105" />
      <source>enter a name</source>
      <translation>请输入店名</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="98" />
      <source>the image is larger than 512 KB; choose a smaller one</source>
      <translation>图片超过 512 KB，请选择小一些的图片</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="77" />
      <source>unknown language</source>
      <translation>不支持的语言</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="73" />
      <source>use a colour like #C8102E</source>
      <translation>请填写 #C8102E 这样的颜色值</translation>
    </message>
  </context>
  <context>
    <name>tiers</name>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="111" />
      <source>Basis</source>
      <translation>依据</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="114" />
      <source>Threshold</source>
      <translation>门槛</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="48" />
      <location filename="../../desktop/domain/tiers.py" line="106" />
      <location filename="../../desktop/domain/tiers.py" line="108" />
      <source>Tier name</source>
      <translation>等级名称</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="44" />
      <source>Tiers</source>
      <translation>会员等级</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="45" />
      <source>at most 20 tiers</source>
      <translation>最多 20 个等级</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="109" />
      <source>at most 40 characters</source>
      <translation>最多 40 个字符</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="112" />
      <source>choose cumulative spend or points</source>
      <translation>请选择累计消费或积分</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="106" />
      <source>enter a name</source>
      <translation>请输入名称</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="115" />
      <source>enter a whole number of at least 0</source>
      <translation>请输入不小于 0 的整数</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="49" />
      <source>two tiers have the same name</source>
      <translation>有两个等级同名</translation>
    </message>
  </context>
</TS>
