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
      <location filename="../../desktop/views/about.py" line="62" />
      <source>Backups</source>
      <translation>备份</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="61" />
      <source>Data folder</source>
      <translation>数据文件夹</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="58" />
      <source>Database</source>
      <translation>数据库</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="63" />
      <source>Log files</source>
      <translation>日志文件</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="44" />
      <source>Members, QR sign-up, coupons and partner exchange for your shop, on your own PC.</source>
      <translation>会员、扫码入会、优惠券和异业合作，都在您自己的电脑上。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="73" />
      <source>Open</source>
      <translation>打开</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="75" />
      <source>Open {folder}</source>
      <translation>打开{folder}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="82" />
      <source>Proprietary software. Copyright © ShopCircle. All rights reserved.</source>
      <translation>专有软件。版权所有 © 店圈，保留所有权利。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="60" />
      <source>Schema version</source>
      <translation>数据结构版本</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="40" />
      <source>ShopCircle</source>
      <translation>店圈</translation>
    </message>
    <message>
      <location filename="../../desktop/views/about.py" line="41" />
      <source>Version {version}</source>
      <translation>版本 {version}</translation>
    </message>
  </context>
  <context>
    <name>App</name>
    <message>
      <location filename="../../desktop/app.py" line="280" />
      <source>Birthday coupons could not be issued today: {reason}</source>
      <translation>今天的生日券未能发放：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop/app.py" line="275" />
      <source>Birthday coupons were not issued today: {reason} Choose another coupon in Settings.</source>
      <translation>今天没有发放生日券：{reason}请在“设置”中另选一张优惠券。</translation>
    </message>
    <message>
      <location filename="../../desktop/app.py" line="265" />
      <source>Expired points could not be taken off today: {reason}</source>
      <translation>今天未能扣除过期积分：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop/app.py" line="178" />
      <source>ShopCircle cannot open the database</source>
      <translation>店圈无法打开数据库</translation>
    </message>
    <message>
      <location filename="../../desktop/app.py" line="92" />
      <source>ShopCircle is already open</source>
      <translation>店圈已经打开</translation>
    </message>
    <message>
      <location filename="../../desktop/app.py" line="92" />
      <source>ShopCircle is already open with this database. Use the window that is open (look in the taskbar).</source>
      <translation>店圈已经用这个数据库打开了。请使用已打开的窗口（可在任务栏中找到）。</translation>
    </message>
    <message>
      <location filename="../../desktop/app.py" line="225" />
      <source>The screenshot could not be written to {path}.</source>
      <translation>截图无法保存到 {path}。</translation>
    </message>
    <message>
      <location filename="../../desktop/app.py" line="75" />
      <source>The size must be at least 200x150 pixels.</source>
      <translation>尺寸至少为 200x150 像素。</translation>
    </message>
    <message>
      <location filename="../../desktop/app.py" line="254" />
      <source>Today's automatic backup could not be made: {reason}</source>
      <translation>今天的自动备份没有成功：{reason}</translation>
    </message>
  </context>
  <context>
    <name>BatchDialog</name>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="112" />
      <source>A new batch: each coupon gets its own code, held by no member until handed out.</source>
      <translation>新建一个批次：每张券都有自己的券码，发出前不属于任何会员。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="163" />
      <source>Another format…</source>
      <translation>换一种格式…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="121" />
      <source>Batch {batch}: {n} coupons, printed again with the same codes.</source>
      <translation>批次 {batch}：共 {n} 张，按原券码重新打印。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="91" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="90" />
      <source>Cancel stops writing; no unfinished file is left behind.</source>
      <translation>取消会停止写入，不会留下未完成的文件。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="291" />
      <source>Cancelled: no file was written. The coupons stay in batch {batch}; print them from the batch list.</source>
      <translation>已取消：没有生成文件。这些优惠券仍在批次 {batch} 中，可在批次列表中重新打印。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="288" />
      <source>Cancelled: the pictures written so far stay in the folder. The coupons stay in batch {batch}.</source>
      <translation>已取消：已生成的图片保留在文件夹中。这些优惠券仍在批次 {batch} 中。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="269" />
      <source>Cancelling: removing the unfinished file…</source>
      <translation>正在取消：删除未完成的文件…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="142" />
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="165" />
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="110" />
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="116" />
      <source>How many coupons</source>
      <translation>优惠券张数</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="128" />
      <source>On each A4 sheet</source>
      <translation>每张 A4 纸</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="151" />
      <source>One picture per coupon, to send over WeChat</source>
      <translation>每张券一张图片，方便微信发送</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="187" />
      <source>PDF document (*.pdf)</source>
      <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="82" />
      <source>Print coupons</source>
      <translation>打印优惠券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="146" />
      <source>Print…</source>
      <translation>打印…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="154" />
      <source>Save PDF…</source>
      <translation>保存为 PDF…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="150" />
      <source>Save PNGs…</source>
      <translation>保存为图片…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="198" />
      <source>Save one PNG per coupon in</source>
      <translation>每张券一张 PNG 图片，保存到</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="185" />
      <source>Save the coupon sheets as</source>
      <translation>优惠券打印页另存为</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="165" />
      <source>The coupons are ready</source>
      <translation>优惠券已生成</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="147" />
      <source>The system print dialog, with a preview</source>
      <translation>打开系统打印对话框（带预览）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="89" />
      <source>Writing the coupons</source>
      <translation>正在生成优惠券文件</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="244" />
      <source>Writing {name}…</source>
      <translation>正在写入 {name}…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="262" />
      <source>{done} of {total} written</source>
      <translation>已写入 {done} / {total}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="131" />
      <source>{n} coupons</source>
      <translation>{n} 张</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="277" />
      <source>{n} pictures were saved in {path}</source>
      <translation>已将 {n} 张图片保存到 {path}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/batch_dialog.py" line="274" />
      <source>{pages} pages were saved to {path}</source>
      <translation>已将 {pages} 页保存到 {path}</translation>
    </message>
  </context>
  <context>
    <name>BirthdayCard</name>
    <message>
      <location filename="../../desktop/views/settings/birthday_card.py" line="129" />
      <source>(archived)</source>
      <translation>（已归档）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/birthday_card.py" line="73" />
      <source>1 to 60. At 7, a member born on 20 May gets the coupon on 13 May.</source>
      <translation>1 到 60。设为 7 时，5 月 20 日生日的会员在 5 月 13 日收到券。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/birthday_card.py" line="57" />
      <location filename="../../desktop/views/settings/birthday_card.py" line="61" />
      <source>Birthday coupon</source>
      <translation>生日券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/birthday_card.py" line="51" />
      <source>Birthday coupons</source>
      <translation>生日券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/birthday_card.py" line="179" />
      <source>Birthday coupons are off.</source>
      <translation>生日券已关闭。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/birthday_card.py" line="178" />
      <source>Birthday coupons saved.</source>
      <translation>生日券设置已保存。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/birthday_card.py" line="71" />
      <source>Days before</source>
      <translation>提前天数</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/birthday_card.py" line="85" />
      <source>Discard changes</source>
      <translation>放弃更改</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/birthday_card.py" line="52" />
      <source>Each member with a birthday on file gets this coupon once a year, a few days before the birthday. ShopCircle issues them once a day while it is open; they appear in the member's Coupons tab.</source>
      <translation>登记了生日的会员每年在生日前几天收到一张此券。店圈开着时每天发放一次；券显示在会员的“优惠券”标签页中。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/birthday_card.py" line="217" />
      <source>Not saved: correct the field marked in red.</source>
      <translation>未保存：请修改标红的项。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/birthday_card.py" line="125" />
      <source>Off</source>
      <translation>关闭</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/birthday_card.py" line="62" />
      <source>Off: no birthday coupons. Design coupons on the Coupons page.</source>
      <translation>关闭：不发生日券。券在“优惠券”页面设计。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/birthday_card.py" line="87" />
      <source>Save birthday coupons</source>
      <translation>保存生日券设置</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/birthday_card.py" line="203" />
      <source>Saving…</source>
      <translation>正在保存…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/birthday_card.py" line="119" />
      <source>The birthday settings could not be read: {reason}</source>
      <translation>无法读取生日券设置：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/birthday_card.py" line="186" />
      <source>The birthday settings were not saved</source>
      <translation>生日券设置未保存</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/birthday_card.py" line="197" />
      <source>Unsaved changes</source>
      <translation>有未保存的更改</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/birthday_card.py" line="72" />
      <source>days before the birthday</source>
      <translation>天（生日前发放）</translation>
    </message>
  </context>
  <context>
    <name>CouponDesigner</name>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="105" />
      <source>0 = no minimum</source>
      <translation>0 = 无门槛</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="240" />
      <source>1 to 99</source>
      <translation>1–99，九折填 10</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="137" />
      <source>Accent</source>
      <translation>点缀色</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="114" />
      <source>Accent colour</source>
      <translation>点缀色</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="119" />
      <source>Add a logo in Settings to print it on coupons</source>
      <translation>在“设置”中添加店铺标志后即可印在券上</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="46" />
      <source>Amount off</source>
      <translation>满减/立减</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="135" />
      <source>Colour</source>
      <translation>主色</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="113" />
      <source>Coupon colour</source>
      <translation>优惠券主色</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="292" />
      <source>Coupon title</source>
      <translation>优惠券名称</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="162" />
      <source>Days from issue</source>
      <translation>领取后天数</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="69" />
      <source>Edit coupon</source>
      <translation>编辑优惠券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="161" />
      <source>Fixed dates</source>
      <translation>固定日期</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="48" />
      <source>Free item</source>
      <translation>赠品</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="139" />
      <source>Logo</source>
      <translation>标志</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="130" />
      <source>Minimum spend</source>
      <translation>最低消费</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="68" />
      <source>New coupon</source>
      <translation>新建优惠券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="160" />
      <source>No expiry</source>
      <translation>长期有效</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="47" />
      <source>Percent off</source>
      <translation>折扣</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="199" />
      <source>Preview</source>
      <translation>预览</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="115" />
      <source>Print the store's logo</source>
      <translation>印上店铺标志</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="203" />
      <source>Printed 90 mm wide, 8 or 10 to an A4 sheet. Each printed coupon gets its own code.</source>
      <translation>打印宽度 90 毫米，每张 A4 纸 8 或 10 张。每张打印的券都有自己的券码。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="49" />
      <source>Stamp-card reward</source>
      <translation>集点卡奖励</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="134" />
      <source>Terms</source>
      <translation>使用说明</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="127" />
      <source>Title</source>
      <translation>名称</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="128" />
      <source>Type</source>
      <translation>类型</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="132" />
      <source>Valid</source>
      <translation>有效期</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="129" />
      <source>Value</source>
      <translation>面值</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="306" />
      <source>a colour like #C8102E</source>
      <translation>颜色格式如 #C8102E</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="188" />
      <source>days</source>
      <translation>天</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="239" />
      <source>e.g. 20</source>
      <translation>例如 20</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="111" />
      <source>e.g. One coupon per visit</source>
      <translation>例如：每次消费限用一张</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="94" />
      <source>e.g. Weekend treat</source>
      <translation>例如：周末特惠</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="286" />
      <source>enter a whole number</source>
      <translation>请输入整数</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="241" />
      <source>the item's worth (optional)</source>
      <translation>赠品价值（可不填）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="242" />
      <source>the reward's worth (optional)</source>
      <translation>奖励价值（可不填）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/designer.py" line="109" />
      <location filename="../../desktop/views/coupons/designer.py" line="243" />
      <source>yuan</source>
      <translation>元</translation>
    </message>
  </context>
  <context>
    <name>CouponsPage</name>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="162" />
      <source>1 coupon in use</source>
      <translation>1 种优惠券在用</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="271" />
      <source>1 coupon was issued</source>
      <translation>已发出 1 张优惠券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="286" />
      <source>Archive</source>
      <translation>归档</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="282" />
      <source>Archive coupon</source>
      <translation>归档优惠券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="283" />
      <source>Archive “{title}”? No new coupons can be made from it. Coupons already handed out stay valid and can still be redeemed.</source>
      <translation>要归档“{title}”吗？归档后不能再用它发新券。已经发出的券仍然有效，可以照常核销。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="291" />
      <source>Archived “{title}”</source>
      <translation>已归档“{title}”</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="118" />
      <source>Archive…</source>
      <translation>归档…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/tables.py" line="156" />
      <source>Batch</source>
      <translation>批次</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="135" />
      <source>Batches</source>
      <translation>批次</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="193" />
      <source>Batches of “{title}”</source>
      <translation>“{title}”的批次</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/tables.py" line="58" />
      <source>Birthday coupons</source>
      <translation>生日券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/tables.py" line="151" />
      <source>Coupon</source>
      <translation>优惠券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="105" />
      <location filename="../../desktop/views/coupons/page.py" line="77" />
      <source>Coupons</source>
      <translation>优惠券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="89" />
      <source>Coupons bring customers back: ¥20 off a spend of ¥100, 10% off, a free drink. Design one here, print a sheet to hand out at the counter or send pictures over WeChat, or give one to every member of a segment, such as sleeping customers. Each coupon has its own code that the redemption desk checks, and you see how many came back and what they brought in.</source>
      <translation>优惠券能把顾客带回店里：满 100 减 20、九折、送一杯饮料。在这里设计优惠券，打印出来在柜台派发，或保存成图片用微信发送，也可以给某个会员分组（比如沉睡顾客）每人发一张。每张券都有自己的券码，由核销台核验；你能看到有多少张被使用、带来了多少营业额。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="116" />
      <source>Edit…</source>
      <translation>编辑…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/tables.py" line="60" />
      <source>For a partner</source>
      <translation>给合作商户</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/tables.py" line="61" />
      <source>From a partner</source>
      <translation>来自合作商户</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/tables.py" line="151" />
      <source>Gives</source>
      <translation>优惠内容</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="114" />
      <source>Issue to a segment…</source>
      <translation>向分组发券…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/tables.py" line="161" />
      <source>Issued</source>
      <translation>已发出</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/tables.py" line="55" />
      <source>Issued to members</source>
      <translation>发给会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="67" />
      <source>Loading…</source>
      <translation>正在加载…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/tables.py" line="157" />
      <source>Made</source>
      <translation>生成时间</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="81" />
      <location filename="../../desktop/views/coupons/page.py" line="87" />
      <source>New coupon</source>
      <translation>新建优惠券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="89" />
      <source>No coupons yet</source>
      <translation>还没有优惠券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="119" />
      <source>No new coupons from it; those already out stay valid</source>
      <translation>不再发新券；已发出的券仍然有效</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="112" />
      <source>Print a batch…</source>
      <translation>打印一批…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="141" />
      <source>Print this batch again…</source>
      <translation>重新打印此批次…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/tables.py" line="56" />
      <source>Printed</source>
      <translation>打印</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/tables.py" line="156" />
      <source>Purpose</source>
      <translation>用途</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/tables.py" line="162" />
      <source>Rate</source>
      <translation>核销率</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/tables.py" line="161" />
      <source>Redeemed</source>
      <translation>已核销</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/tables.py" line="59" />
      <source>Referral rewards</source>
      <translation>推荐奖励</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/tables.py" line="162" />
      <source>Revenue</source>
      <translation>带来营业额</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="236" />
      <source>Saved “{title}”</source>
      <translation>已保存“{title}”</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="177" />
      <source>The coupons cannot be shown</source>
      <translation>无法显示优惠券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/tables.py" line="152" />
      <source>Valid</source>
      <translation>有效期</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/tables.py" line="57" />
      <source>Welcome coupons</source>
      <translation>入会礼券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="163" />
      <source>{n} coupons in use</source>
      <translation>{n} 种优惠券在用</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/page.py" line="272" />
      <source>{n} coupons were issued</source>
      <translation>已发出 {n} 张优惠券</translation>
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
    <name>Dialogs</name>
    <message>
      <location filename="../../desktop/views/widgets.py" line="241" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../../desktop/views/widgets.py" line="238" />
      <source>Save</source>
      <translation>保存</translation>
    </message>
  </context>
  <context>
    <name>DonePanel</name>
    <message>
      <location filename="../../desktop/views/members/task_progress.py" line="95" />
      <source>Open its folder</source>
      <translation>打开所在文件夹</translation>
    </message>
  </context>
  <context>
    <name>EntriesPage</name>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="184" />
      <source>1 entry point</source>
      <translation>1 个入口</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="110" />
      <source>An entry point is one way customers join: a QR poster in the window, a table tent, a link in your WeChat group, an online form, or staff at the counter. Give each one its own entry point and it can tag new members, hand them a welcome coupon, and show how many people opened it, signed up and came back to buy.</source>
      <translation>入口是顾客入会的一条渠道：橱窗里的二维码海报、桌牌、微信群里的链接、在线问卷，或前台店员登记。每条渠道建一个入口，它就能给新会员自动打标签、送新客券，并告诉你有多少人打开、入会、又回来消费。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="36" />
      <source>Any link</source>
      <translation>任意链接</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="288" />
      <source>Archive</source>
      <translation>归档</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="283" />
      <source>Archive entry point</source>
      <translation>归档入口</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="284" />
      <source>Archive “{name}”? It leaves this list and can no longer be chosen. Members who joined through it keep where they came from.</source>
      <translation>归档“{name}”？它将从列表中移除，不能再选用。通过它入会的会员保留来源。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="293" />
      <source>Archived “{name}”</source>
      <translation>已归档“{name}”</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="137" />
      <source>Archive…</source>
      <translation>归档…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="110" />
      <location filename="../../desktop/views/entries/page.py" line="61" />
      <source>Auto-tags</source>
      <translation>自动标签</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/detail.py" line="35" />
      <source>Bought or redeemed</source>
      <translation>已消费或核销</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/chart.py" line="43" />
      <source>Busiest day: {n}</source>
      <translation>单日最多：{n} 人</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="63" />
      <source>Converted</source>
      <translation>转化</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="37" />
      <source>Counter</source>
      <translation>前台</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="133" />
      <source>Counter sign-up…</source>
      <translation>前台入会…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="137" />
      <source>Coupon #{id}</source>
      <translation>优惠券 #{id}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="64" />
      <source>Edit entry point</source>
      <translation>编辑入口</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="135" />
      <source>Edit…</source>
      <translation>编辑…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="60" />
      <source>Entry point</source>
      <translation>入口</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="124" />
      <location filename="../../desktop/views/entries/page.py" line="98" />
      <source>Entry points</source>
      <translation>入口</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="35" />
      <source>External form</source>
      <translation>外部问卷</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="107" />
      <location filename="../../desktop/views/entries/page.py" line="60" />
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="108" />
      <source>Link</source>
      <translation>链接</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="88" />
      <source>Loading…</source>
      <translation>正在加载…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="112" />
      <source>Location</source>
      <translation>位置</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="38" />
      <source>Member invite</source>
      <translation>会员邀请</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="106" />
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="65" />
      <location filename="../../desktop/views/entries/page.py" line="102" />
      <location filename="../../desktop/views/entries/page.py" line="108" />
      <source>New entry point</source>
      <translation>新建入口</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/detail.py" line="63" />
      <source>No QR code: staff sign customers up at the counter with this entry point.</source>
      <translation>没有二维码：店员在前台为顾客入会时选择这个入口。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="110" />
      <source>No entry points yet</source>
      <translation>还没有入口</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/chart.py" line="44" />
      <source>No sign-ups in the last 30 days</source>
      <translation>近 30 天没有人入会</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="84" />
      <source>No welcome coupon</source>
      <translation>不送新客券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="138" />
      <source>Offered no more; its members keep where they came from</source>
      <translation>不再提供；已入会的会员保留来源</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="62" />
      <source>Opens</source>
      <translation>打开</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/detail.py" line="33" />
      <source>Page opens</source>
      <translation>页面打开</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="109" />
      <source>Parameter</source>
      <translation>参数</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="63" />
      <source>Rate</source>
      <translation>转化率</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="250" />
      <source>Saved “{name}”</source>
      <translation>已保存“{name}”</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/counter_dialog.py" line="20" />
      <source>Sign up at the counter: {name}</source>
      <translation>前台入会：{name}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="34" />
      <source>Sign-up page</source>
      <translation>入会页面</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/detail.py" line="34" />
      <location filename="../../desktop/views/entries/page.py" line="62" />
      <source>Sign-ups</source>
      <translation>入会</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/chart.py" line="27" />
      <source>Sign-ups per day, last 30 days: {n}</source>
      <translation>近 30 天每日入会：共 {n} 人</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/detail.py" line="67" />
      <source>The QR code leads to:</source>
      <translation>二维码指向：</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="95" />
      <source>The address the QR code leads to.</source>
      <translation>扫码后打开的网址。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="201" />
      <source>The entry points cannot be shown</source>
      <translation>无法显示入口</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="97" />
      <source>The link parameter the form records, so each sign-up is credited to this entry point. Left empty, the form service's preset is used ({presets}).</source>
      <translation>问卷会记录的链接参数，用来把每个入会算到这个入口。留空则使用问卷平台的预设（{presets}）。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/counter_dialog.py" line="22" />
      <source>The new member is credited to “{name}” and gets its auto-tags and welcome coupon.</source>
      <translation>新会员将记在“{name}”名下，并获得它的自动标签和新客券。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="111" />
      <location filename="../../desktop/views/entries/page.py" line="61" />
      <location filename="../../desktop/views/entries/page.py" line="265" />
      <location filename="../../desktop/views/entries/page.py" line="270" />
      <source>Welcome coupon</source>
      <translation>新客券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="72" />
      <source>e.g. Window poster</source>
      <translation>例如：橱窗海报</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="89" />
      <source>e.g. shop window, till</source>
      <translation>例如：橱窗、收银台</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/entry_dialog.py" line="81" />
      <source>given to everyone who joins here; separate with commas</source>
      <translation>从这里入会的人都会打上；用逗号分隔</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="274" />
      <source>{name} has joined</source>
      <translation>{name} 已入会</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="270" />
      <source>{name} has joined, but no welcome coupon was issued: {problem}</source>
      <translation>{name} 已入会，但没有发放新客券：{problem}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="265" />
      <source>{name} has joined. Their welcome coupon code is {code}; it is also on their member page.</source>
      <translation>{name} 已入会。新客券券码是 {code}，在会员详情里也能看到。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/entries/page.py" line="185" />
      <source>{n} entry points</source>
      <translation>{n} 个入口</translation>
    </message>
  </context>
  <context>
    <name>ExportDialog</name>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="184" />
      <source>1 member in this list</source>
      <translation>此列表共 1 位会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="230" />
      <source>1 member was exported to {path}</source>
      <translation>已将 1 位会员导出到 {path}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="107" />
      <source>CSV (UTF-8), for SMS platforms and other programs</source>
      <translation>CSV（UTF-8），用于短信平台和其他软件</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="167" />
      <source>CSV file (*.csv)</source>
      <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="134" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="85" />
      <source>Cancel export</source>
      <translation>取消导出</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="84" />
      <source>Cancel stops the export; no file is left behind.</source>
      <translation>取消会停止导出，不会留下任何文件。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="224" />
      <source>Cancelling: removing the unfinished file…</source>
      <translation>正在取消：删除未完成的文件…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="123" />
      <source>Change…</source>
      <translation>更改…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="101" />
      <source>Counting the members…</source>
      <translation>正在统计会员人数…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="145" />
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="168" />
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="106" />
      <source>Excel workbook (.xlsx)</source>
      <translation>Excel 工作簿（.xlsx）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="136" />
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="67" />
      <source>Export members</source>
      <translation>导出会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="169" />
      <source>Export members to</source>
      <translation>将会员导出到</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="83" />
      <source>Exporting members</source>
      <translation>正在导出会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="104" />
      <source>Format</source>
      <translation>格式</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="114" />
      <source>Hide the middle of each phone number (138****5678)</source>
      <translation>隐藏手机号中间四位（138****5678）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="53" />
      <source>Members</source>
      <translation>会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="119" />
      <source>Save as</source>
      <translation>保存为</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="145" />
      <source>The export is done</source>
      <translation>导出完成</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="206" />
      <source>Writing {name}…</source>
      <translation>正在写入 {name}…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="217" />
      <source>{done} of {total} members written</source>
      <translation>已写入 {done} / {total} 位会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="186" />
      <source>{n} members in this list</source>
      <translation>此列表共 {n} 位会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/export_dialog.py" line="231" />
      <source>{n} members were exported to {path}</source>
      <translation>已将 {n} 位会员导出到 {path}</translation>
    </message>
  </context>
  <context>
    <name>FindBox</name>
    <message>
      <location filename="../../desktop/views/find_box.py" line="51" />
      <source>Find a member</source>
      <translation>查找会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/find_box.py" line="52" />
      <source>Find a member by phone, name or pinyin initials (Ctrl+F)</source>
      <translation>按手机号、姓名或拼音首字母查找会员（Ctrl+F）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/find_box.py" line="50" />
      <source>Find a member: phone or name   Ctrl+F</source>
      <translation>查找会员：手机号或姓名   Ctrl+F</translation>
    </message>
    <message>
      <location filename="../../desktop/views/find_matches.py" line="122" />
      <source>Members found</source>
      <translation>找到的会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/find_matches.py" line="136" />
      <source>No member found</source>
      <translation>没有找到会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/find_box.py" line="108" />
      <source>The search failed: {error}</source>
      <translation>查找失败：{error}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/find_matches.py" line="39" />
      <source>{n} points</source>
      <translation>{n} 积分</translation>
    </message>
  </context>
  <context>
    <name>FirstRun</name>
    <message>
      <location filename="../../desktop/views/first_run.py" line="102" />
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <location filename="../../desktop/views/first_run.py" line="112" />
      <source>Later</source>
      <translation>稍后</translation>
    </message>
    <message>
      <location filename="../../desktop/views/first_run.py" line="95" />
      <source>ShopCircle keeps your members, coupons and partner shops on this computer. Tell it your store's name to begin; posters and coupons will print it.</source>
      <translation>店圈把您的会员、优惠券和合作伙伴都保存在这台电脑上。先填写店名就可以开始了，海报和优惠券上会印上它。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/first_run.py" line="109" />
      <source>Start using ShopCircle</source>
      <translation>开始使用</translation>
    </message>
    <message>
      <location filename="../../desktop/views/first_run.py" line="100" />
      <source>Store name</source>
      <translation>店名</translation>
    </message>
    <message>
      <location filename="../../desktop/views/first_run.py" line="93" />
      <location filename="../../desktop/views/first_run.py" line="94" />
      <source>Welcome to ShopCircle</source>
      <translation>欢迎使用店圈</translation>
    </message>
    <message>
      <location filename="../../desktop/views/first_run.py" line="104" />
      <source>You can change these, add a logo and colours later in Settings.</source>
      <translation>以后可以在“设置”中修改这些内容，并添加标志和颜色。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/first_run.py" line="101" />
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
    <name>ImportWizard</name>
    <message>
      <location filename="../../desktop/views/members/import_mapping.py" line="59" />
      <source>(empty)</source>
      <translation>（空）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_mapping.py" line="53" />
      <source>(no header)</source>
      <translation>（无列名）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_wizard.py" line="94" />
      <source>A backup of the database is made before anything is written.</source>
      <translation>写入任何数据之前，会先备份数据库。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="50" />
      <source>A phone that is already a member only fills in what the member lacks (a birthday, a WeChat ID…); nothing already filled in changes. New tags are added.</source>
      <translation>手机号已是会员时，只补充会员缺少的资料（生日、微信号等），已填写的内容不变。新标签会加上。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="54" />
      <source>A phone that is already a member takes the file's values: every non-empty cell replaces what the member had, points included. New tags are added; no tag is taken away.</source>
      <translation>手机号已是会员时，以文件为准：每个非空单元格都会替换会员原有的资料，包括积分。新标签会加上，已有标签不会去掉。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="47" />
      <source>A phone that is already a member, or that appears again further down the file, is skipped: the member stays exactly as it is.</source>
      <translation>手机号已是会员，或在文件中再次出现时，跳过这一行：会员资料保持原样。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_wizard.py" line="98" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_wizard.py" line="87" />
      <source>Cancel import</source>
      <translation>取消导入</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_wizard.py" line="85" />
      <source>Cancel undoes the whole import: no member is added or changed.</source>
      <translation>取消会撤销整个导入：不会新增或修改任何会员。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_wizard.py" line="310" />
      <source>Cancelling: undoing everything written so far…</source>
      <translation>正在取消：撤销已写入的全部内容…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="47" />
      <source>Check</source>
      <translation>检查</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_wizard.py" line="285" />
      <source>Checking the members and making a backup…</source>
      <translation>正在核对会员并备份…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="47" />
      <source>Choose a file</source>
      <translation>选择文件</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="87" />
      <source>Choose a file…</source>
      <translation>选择文件…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="229" />
      <source>Choose another file…</source>
      <translation>换一个文件…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_wizard.py" line="154" />
      <source>Choose the member list</source>
      <translation>选择会员名单</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="251" />
      <source>Choose what each column holds. Columns set to "Ignore" are not imported.</source>
      <translation>为每一列选择对应的内容。设为“不导入”的列不会导入。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="281" />
      <source>Column names on row {row}.</source>
      <translation>列名在第 {row} 行。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="250" />
      <source>Columns of the file</source>
      <translation>文件中的列</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="48" />
      <location filename="../../desktop/views/members/import_wizard.py" line="102" />
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="78" />
      <source>Drag the member list here</source>
      <translation>把会员名单拖到这里</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="80" />
      <source>Excel or WPS workbooks (.xlsx, .xls, .ods) and CSV files, as other member systems export them. Title rows above the column names are fine; the columns are recognised from their names, and you can correct them next.</source>
      <translation>支持 Excel 或 WPS 工作簿（.xlsx、.xls、.ods）以及其他会员系统导出的 CSV 文件。列名上方有标题行也没关系；程序会按列名识别各列，下一步可以修改。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_wizard.py" line="356" />
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="35" />
      <source>Field</source>
      <translation>字段</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_mapping.py" line="76" />
      <source>Field for column {letter}</source>
      <translation>第 {letter} 列对应的字段</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="49" />
      <source>Fill empty fields</source>
      <translation>补充空白字段</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_mapping.py" line="78" />
      <source>Ignore</source>
      <translation>不导入</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="48" />
      <location filename="../../desktop/views/members/import_wizard.py" line="100" />
      <source>Import</source>
      <translation>导入</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_wizard.py" line="58" />
      <source>Import members</source>
      <translation>导入会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_wizard.py" line="84" />
      <source>Importing members</source>
      <translation>正在导入会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_wizard.py" line="50" />
      <source>Member lists (*.xlsx *.xls *.ods *.csv *.txt);;All files (*)</source>
      <translation>会员名单 (*.xlsx *.xls *.ods *.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="131" />
      <source>New members</source>
      <translation>新会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="255" />
      <source>No problems found</source>
      <translation>没有发现问题</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="278" />
      <source>No row of column names was found: choose each column's field below.</source>
      <translation>没有找到列名所在的行：请在下方为每一列选择字段。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="41" />
      <location filename="../../desktop/views/members/import_preview.py" line="134" />
      <source>Not imported</source>
      <translation>不导入</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="168" />
      <source>Open its folder</source>
      <translation>打开所在文件夹</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="36" />
      <source>Outcome</source>
      <translation>结果</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="53" />
      <source>Overwrite</source>
      <translation>覆盖</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="37" />
      <source>Problem</source>
      <translation>问题</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="252" />
      <source>Problems and duplicates, by row ({n})</source>
      <translation>问题和重复，按行列出（{n}）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="126" />
      <source>Reading {name}…</source>
      <translation>正在读取 {name}…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="34" />
      <source>Row</source>
      <translation>行号</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="163" />
      <source>Rows not imported</source>
      <translation>未导入的行</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="170" />
      <source>Save a copy elsewhere…</source>
      <translation>另存一份到其他位置…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_wizard.py" line="355" />
      <source>Save the rows that were not imported</source>
      <translation>保存未导入的行</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="191" />
      <source>Saving the rows that were not imported, with the reason for each…</source>
      <translation>正在保存未导入的行及每行的原因…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="223" />
      <source>Sheet</source>
      <translation>工作表</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="46" />
      <source>Skip</source>
      <translation>跳过</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="43" />
      <location filename="../../desktop/views/members/import_preview.py" line="133" />
      <source>Skipped</source>
      <translation>跳过</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="102" />
      <source>Stop reading</source>
      <translation>停止读取</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="152" />
      <source>The import is done</source>
      <translation>导入完成</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="183" />
      <source>The members as they were before the import were backed up to {path}</source>
      <translation>导入前的会员资料已备份到 {path}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="197" />
      <source>The rows that were not imported are saved, each with its row number and the reason, in {path}. Correct them there and import that file.</source>
      <translation>未导入的行已保存到 {path}，每行都注明了行号和原因。在其中改正后，再导入该文件即可。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="205" />
      <source>The rows that were not imported could not be saved: {reason} Choose another place for them.</source>
      <translation>未导入的行没能保存：{reason} 请选择其他保存位置。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="185" />
      <source>This file was imported before. With "Skip", importing it again changes nothing.</source>
      <translation>这个文件以前导入过。选择“跳过”时，再次导入不会有任何改变。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="132" />
      <source>Updated</source>
      <translation>更新</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="236" />
      <source>Updating the preview…</source>
      <translation>正在更新预览…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="42" />
      <source>Warning</source>
      <translation>提醒</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_preview.py" line="165" />
      <source>When a phone is already a member</source>
      <translation>手机号已是会员时</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_wizard.py" line="301" />
      <source>Writing the members…</source>
      <translation>正在写入会员…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_wizard.py" line="302" />
      <source>{done} of {total} members written</source>
      <translation>已写入 {done} / {total} 位会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/import_steps.py" line="276" />
      <source>{n} data rows</source>
      <translation>共 {n} 行数据</translation>
    </message>
  </context>
  <context>
    <name>IssueCoupon</name>
    <message>
      <location filename="../../desktop/views/members/issue_dialog.py" line="67" />
      <source>Choose the coupon to give each of the {n} selected members.</source>
      <translation>选择要发给所选 {n} 位会员（每人一张）的券。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/issue_dialog.py" line="65" />
      <source>Choose the coupon to give the selected member.</source>
      <translation>选择要发给所选会员的券。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/issue_dialog.py" line="74" />
      <source>Coupon templates</source>
      <translation>券模板</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/issue_dialog.py" line="57" />
      <source>Issue</source>
      <translation>发放</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/issue_dialog.py" line="37" />
      <location filename="../../desktop/views/members/issue_dialog.py" line="57" />
      <source>Issue coupon</source>
      <translation>发券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/issue_dialog.py" line="115" />
      <source>Issue “{title}” to 1 member</source>
      <translation>向 1 位会员发放“{title}”</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/issue_dialog.py" line="116" />
      <source>Issue “{title}” to {n} members</source>
      <translation>向 {n} 位会员发放“{title}”</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/issue_dialog.py" line="29" />
      <source>Issued 1 coupon: {title}</source>
      <translation>已发放 1 张券：{title}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/issue_dialog.py" line="30" />
      <source>Issued {n} coupons: {title}</source>
      <translation>已发放 {n} 张券：{title}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/issue_dialog.py" line="70" />
      <source>Loading coupon templates…</source>
      <translation>正在读取券模板…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/issue_dialog.py" line="38" />
      <source>Select one or more members in the list first.</source>
      <translation>请先在列表中选择一位或多位会员。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/issue_dialog.py" line="135" />
      <source>The coupons were not issued</source>
      <translation>券未发放</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/issue_dialog.py" line="100" />
      <source>There is no coupon to issue yet: design a coupon template on the Coupons page first.</source>
      <translation>还没有可发放的券：请先在“优惠券”页面设计券模板。</translation>
    </message>
  </context>
  <context>
    <name>IssueDialog</name>
    <message>
      <location filename="../../desktop/views/coupons/issue_dialog.py" line="28" />
      <source>Every member of the segment gets one coupon with its own code; it shows in their detail panel.</source>
      <translation>分组中的每位会员各得一张券，券码各不相同，会显示在会员详情中。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/issue_dialog.py" line="76" />
      <location filename="../../desktop/views/coupons/issue_dialog.py" line="77" />
      <source>Issue coupons</source>
      <translation>发券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/issue_dialog.py" line="21" />
      <source>Issue coupons to a segment</source>
      <translation>向会员分组发券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/issue_dialog.py" line="72" />
      <source>Issue one “{title}” coupon to each of the {n} members in “{segment}”?</source>
      <translation>要向“{segment}”中的 {n} 位会员每人发一张“{title}”吗？</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/issue_dialog.py" line="22" />
      <source>Issue…</source>
      <translation>发券…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/issue_dialog.py" line="33" />
      <location filename="../../desktop/views/coupons/issue_dialog.py" line="36" />
      <source>Segment</source>
      <translation>会员分组</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/issue_dialog.py" line="81" />
      <source>The coupons were not issued</source>
      <translation>优惠券未能发出</translation>
    </message>
    <message>
      <location filename="../../desktop/views/coupons/issue_dialog.py" line="48" />
      <source>{segment} ({n} members)</source>
      <translation>{segment}（{n} 位会员）</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../desktop/views/main_window.py" line="174" />
      <source>About</source>
      <translation>关于</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="176" />
      <source>About ShopCircle (F1)</source>
      <translation>关于店圈 (F1)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="195" />
      <source>Opening the database…</source>
      <translation>正在打开数据库…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="156" />
      <source>ShopCircle</source>
      <translation>店圈</translation>
    </message>
    <message>
      <location filename="../../desktop/views/main_window.py" line="141" />
      <source>ShopCircle — {store}</source>
      <translation>店圈 — {store}</translation>
    </message>
  </context>
  <context>
    <name>MemberActions</name>
    <message>
      <location filename="../../desktop/views/members/actions.py" line="58" />
      <location filename="../../desktop/views/members/tag_dialog.py" line="54" />
      <source>Add tags</source>
      <translation>加标签</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/merge_dialog.py" line="128" />
      <source>After the merge: {points} points, {spent} spent, {visits} visits.</source>
      <translation>合并后：{points} 积分，累计消费 {spent}，到店 {visits} 次。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/action_dialog.py" line="74" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/delete_dialog.py" line="15" />
      <source>Delete at the member's request</source>
      <translation>应会员要求删除</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/delete_dialog.py" line="16" />
      <source>Delete personal details</source>
      <translation>删除个人信息</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/delete_dialog.py" line="23" />
      <source>Do this when the customer asks you to delete their data. Their name, phone number, birthday, WeChat ID, notes and tags are erased for good, and they will get no more messages from the shop.</source>
      <translation>顾客要求删除自己的资料时使用。其姓名、手机号、生日、微信号、备注和标签将被永久清除，店铺也不会再给其发送消息。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/delete_dialog.py" line="40" />
      <source>Erase the personal details of {name}?</source>
      <translation>清除 {name} 的个人信息？</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/delete_dialog.py" line="31" />
      <source>I understand that this cannot be undone</source>
      <translation>我了解此操作无法撤销</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/merge_dialog.py" line="48" />
      <source>Joined</source>
      <translation>入会日期</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/merge_dialog.py" line="33" />
      <source>Keep this member</source>
      <translation>保留这个会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/merge_dialog.py" line="46" />
      <source>Last visit</source>
      <translation>最近到店</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/tag_dialog.py" line="75" />
      <source>Loading tags…</source>
      <translation>正在读取标签…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/delete_dialog.py" line="21" />
      <location filename="../../desktop/views/members/merge_dialog.py" line="80" />
      <source>Loading…</source>
      <translation>正在读取…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/merge_dialog.py" line="72" />
      <source>Merge</source>
      <translation>合并</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/actions.py" line="37" />
      <location filename="../../desktop/views/members/merge_dialog.py" line="71" />
      <source>Merge two members</source>
      <translation>合并两个会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/tag_dialog.py" line="95" />
      <source>New tag</source>
      <translation>新标签</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/tag_dialog.py" line="126" />
      <source>No tags yet: type the first one below.</source>
      <translation>还没有标签：在下面输入第一个。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/merge_dialog.py" line="47" />
      <source>No visit yet</source>
      <translation>尚未到店</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/tag_dialog.py" line="129" />
      <source>None of the selected members has a tag.</source>
      <translation>所选会员都没有标签。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/merge_dialog.py" line="42" />
      <source>Phone</source>
      <translation>手机号</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/merge_dialog.py" line="43" />
      <source>Points</source>
      <translation>积分</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/actions.py" line="59" />
      <location filename="../../desktop/views/members/tag_dialog.py" line="55" />
      <source>Remove tags</source>
      <translation>去掉标签</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/tag_dialog.py" line="43" />
      <source>Removed tags from 1 member: {tags}</source>
      <translation>已从 1 位会员去掉标签：{tags}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/tag_dialog.py" line="45" />
      <source>Removed tags from {n} members: {tags}</source>
      <translation>已从 {n} 位会员去掉标签：{tags}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/actions.py" line="37" />
      <source>Select exactly two members in the list to merge them: hold Ctrl and click the second one.</source>
      <translation>请在列表中正好选中两个会员再合并：按住 Ctrl 键点击第二个会员。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/actions.py" line="60" />
      <source>Select one or more members in the list first.</source>
      <translation>请先在列表中选中一个或多个会员。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/merge_dialog.py" line="44" />
      <source>Spent</source>
      <translation>累计消费</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/tag_dialog.py" line="40" />
      <source>Tagged 1 member: {tags}</source>
      <translation>已给 1 位会员加上标签：{tags}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/tag_dialog.py" line="41" />
      <source>Tagged {n} members: {tags}</source>
      <translation>已给 {n} 位会员加上标签：{tags}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/merge_dialog.py" line="49" />
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/delete_dialog.py" line="58" />
      <source>The member could not be deleted</source>
      <translation>无法删除该会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/merge_dialog.py" line="149" />
      <source>The members could not be merged</source>
      <translation>无法合并会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/tag_dialog.py" line="172" />
      <source>The tags could not be changed</source>
      <translation>无法修改标签</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/delete_dialog.py" line="27" />
      <source>Their purchases stay in the shop's sales figures without anything that tells who they were, and the deletion is recorded in the audit log by member number only.</source>
      <translation>其消费记录仍计入店铺的销售数据，但不再带有任何能识别其身份的信息；此次删除会记入操作日志，只记会员编号。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/action_dialog.py" line="90" />
      <source>This cannot be shown</source>
      <translation>无法显示</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/tag_dialog.py" line="65" />
      <source>Tick the tags to put on the selected member, or type a new one.</source>
      <translation>勾选要给所选会员加上的标签，或输入一个新标签。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/tag_dialog.py" line="67" />
      <source>Tick the tags to put on the {n} selected members, or type a new one.</source>
      <translation>勾选要给所选的 {n} 位会员加上的标签，或输入一个新标签。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/tag_dialog.py" line="70" />
      <source>Tick the tags to take off the selected member.</source>
      <translation>勾选要从所选会员去掉的标签。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/tag_dialog.py" line="72" />
      <source>Tick the tags to take off the {n} selected members.</source>
      <translation>勾选要从所选的 {n} 位会员去掉的标签。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/merge_dialog.py" line="77" />
      <source>Use this when one customer was entered twice. Choose the member to keep.</source>
      <translation>同一位顾客被登记了两次时使用。请选择要保留的会员。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/merge_dialog.py" line="45" />
      <source>Visits</source>
      <translation>到店次数</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/tag_dialog.py" line="98" />
      <source>e.g. 爱喝咖啡; separate several with commas</source>
      <translation>例如 爱喝咖啡；多个标签用逗号隔开</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/merge_dialog.py" line="122" />
      <source>{keep} stays. Everything of {other} moves to it: purchases, points history, coupons and tags; details it lacks (birthday, WeChat, notes) are filled in from the other. The other then disappears from the list, and its phone number can be used again. This cannot be undone.</source>
      <translation>保留 {keep}。{other} 的消费记录、积分明细、优惠券和标签全部转到保留的会员名下；保留的会员缺少的资料（生日、微信号、备注）用另一位的补上。之后另一位会员从列表中消失，其手机号可以重新使用。此操作无法撤销。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/tag_dialog.py" line="116" />
      <source>{n} of {total} have it</source>
      <translation>{total} 位中 {n} 位已有</translation>
    </message>
  </context>
  <context>
    <name>MemberDetail</name>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="315" />
      <source>A deleted member</source>
      <translation>已删除的会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="116" />
      <source>Added {how}</source>
      <translation>{how}添加</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="204" />
      <source>Birthday</source>
      <translation>生日</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="215" />
      <source>Consents</source>
      <translation>授权同意</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_coupons.py" line="41" />
      <location filename="../../desktop/views/members/detail_panel.py" line="131" />
      <source>Coupons</source>
      <translation>优惠券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_coupons.py" line="39" />
      <source>Coupons ({n})</source>
      <translation>优惠券（{n}）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="145" />
      <source>Edit</source>
      <translation>编辑</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="36" />
      <source>Female</source>
      <translation>女</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="211" />
      <source>First purchase</source>
      <translation>首次消费</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="205" />
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="124" />
      <source>Given</source>
      <translation>已同意</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="210" />
      <source>Joined</source>
      <translation>入会日期</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="183" />
      <source>Last visit {when}</source>
      <translation>最近到店 {when}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="190" />
      <source>Loading…</source>
      <translation>正在加载…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="36" />
      <source>Male</source>
      <translation>男</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="53" />
      <source>Marketing</source>
      <translation>营销消息</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_coupons.py" line="53" />
      <source>No coupons yet. Coupons issued to this member appear here.</source>
      <translation>还没有优惠券。发给这位会员的优惠券会显示在这里。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="167" />
      <source>No points yet. Purchases earn points; refunds and expiry take them back, and every change is listed here.</source>
      <translation>还没有积分。消费获得积分，退款和过期会收回积分，每一笔变动都列在这里。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="159" />
      <source>No purchases yet. Record one when this member pays; it earns points by the rule in Settings.</source>
      <translation>还没有消费记录。会员付款时记录一笔，按“设置”中的规则获得积分。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="184" />
      <source>No visit yet</source>
      <translation>还没有到店记录</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="290" />
      <source>Nobody yet. Members who join through this member's invitation appear here.</source>
      <translation>还没有。通过该会员邀请入会的人会显示在这里。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="280" />
      <source>Nobody: joined on their own</source>
      <translation>无：自行入会</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="123" />
      <source>Not asked</source>
      <translation>未征询</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="208" />
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="310" />
      <source>Open {name}</source>
      <translation>打开 {name}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="54" />
      <source>Partner sharing</source>
      <translation>合作商家共享</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="128" />
      <location filename="../../desktop/views/members/detail_sections.py" line="166" />
      <source>Points</source>
      <translation>积分</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="126" />
      <source>Profile</source>
      <translation>资料</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="127" />
      <source>Purchases</source>
      <translation>消费</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="145" />
      <source>Record purchase</source>
      <translation>记录消费</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="129" />
      <source>Referrals</source>
      <translation>推荐</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="285" />
      <source>Referrals ({n})</source>
      <translation>推荐的会员（{n}）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="260" />
      <source>Referred by</source>
      <translation>推荐人</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="281" />
      <source>Refund</source>
      <translation>退款</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="280" />
      <source>Refund purchase</source>
      <translation>退款</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="274" />
      <source>Refund the purchase of {amount} on {date} for {name}?

The points it earned ({points}) are taken back, even if they were already spent.</source>
      <translation>为 {name} 在 {date} 的 {amount} 消费退款吗？

这笔消费获得的积分（{points}）将被收回，即使已经用掉。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="148" />
      <source>Refund the selected purchase</source>
      <translation>为选中的消费退款</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="147" />
      <location filename="../../desktop/views/members/detail_panel.py" line="307" />
      <source>Refund…</source>
      <translation>退款…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="187" />
      <source>Select a member to see details</source>
      <translation>选择一位会员查看详情</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="209" />
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="207" />
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="294" />
      <source>The newest {shown} of {n}.</source>
      <translation>共 {n} 位，显示最近 {shown} 位。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_coupons.py" line="56" />
      <source>The newest {shown}.</source>
      <translation>最新的 {shown} 张。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="300" />
      <source>The purchase was not refunded</source>
      <translation>未能退款</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="228" />
      <source>This member could not be loaded: {reason}</source>
      <translation>无法读取该会员：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="225" />
      <source>This member was deleted or merged.</source>
      <translation>该会员已删除或已合并。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="167" />
      <source>Total spent</source>
      <translation>累计消费</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="168" />
      <source>Visits</source>
      <translation>到店次数</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="206" />
      <source>WeChat</source>
      <translation>微信</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="124" />
      <source>Withdrawn</source>
      <translation>已撤回</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="47" />
      <source>at the counter</source>
      <translation>前台登记</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="48" />
      <source>by an import</source>
      <translation>导入</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="41" />
      <source>counter</source>
      <translation>前台</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="49" />
      <source>from the command line</source>
      <translation>命令行</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="42" />
      <source>invitation</source>
      <translation>会员邀请</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="318" />
      <source>joined {date}</source>
      <translation>{date} 入会</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="40" />
      <source>link</source>
      <translation>链接</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="50" />
      <source>on request</source>
      <translation>应本人要求</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="46" />
      <source>on the sign-up page</source>
      <translation>扫码入会页</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="39" />
      <source>online form</source>
      <translation>在线表单</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="129" />
      <source>policy {version}</source>
      <translation>隐私政策 {version}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_sections.py" line="38" />
      <source>sign-up page</source>
      <translation>扫码入会页</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="258" />
      <source>{name}: {amount} recorded, {points} points earned</source>
      <translation>{name}：已记录 {amount}，获得 {points} 积分</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/detail_panel.py" line="292" />
      <source>{name}: {amount} refunded, {points} points taken back</source>
      <translation>{name}：已退款 {amount}，收回 {points} 积分</translation>
    </message>
  </context>
  <context>
    <name>MemberDialog</name>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="42" />
      <source>Add member</source>
      <translation>添加会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="76" />
      <source>Birthday</source>
      <translation>生日</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="41" />
      <source>Edit member</source>
      <translation>编辑会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="62" />
      <source>Female</source>
      <translation>女</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="77" />
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="63" />
      <source>Male</source>
      <translation>男</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="74" />
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="61" />
      <source>Not given</source>
      <translation>未填写</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="80" />
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="75" />
      <source>Phone</source>
      <translation>手机号</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="79" />
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="78" />
      <source>WeChat</source>
      <translation>微信</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="59" />
      <source>e.g. 1990-05-03 or 5月3日</source>
      <translation>例如 1990-05-03 或 5月3日</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/member_dialog.py" line="68" />
      <source>separate tags with commas</source>
      <translation>多个标签用逗号分隔</translation>
    </message>
  </context>
  <context>
    <name>MemberHistory</name>
    <message>
      <location filename="../../desktop/views/members/history_models.py" line="33" />
      <source>Adjustment</source>
      <translation>调整</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/history_models.py" line="85" />
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/history_models.py" line="141" />
      <source>Change</source>
      <translation>变动</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/history_models.py" line="84" />
      <location filename="../../desktop/views/members/history_models.py" line="140" />
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/history_models.py" line="30" />
      <source>Expired</source>
      <translation>过期</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/history_models.py" line="34" />
      <source>Imported balance</source>
      <translation>导入余额</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/history_models.py" line="118" />
      <source>No. {id}</source>
      <translation>编号 {id}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/history_models.py" line="88" />
      <location filename="../../desktop/views/members/history_models.py" line="143" />
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/history_models.py" line="86" />
      <source>Points</source>
      <translation>积分</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/history_models.py" line="28" />
      <source>Purchase</source>
      <translation>消费</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/history_models.py" line="142" />
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/history_models.py" line="31" />
      <source>Redeemed</source>
      <translation>兑换</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/history_models.py" line="32" />
      <source>Referral reward</source>
      <translation>推荐奖励</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/history_models.py" line="29" />
      <location filename="../../desktop/views/members/history_models.py" line="87" />
      <location filename="../../desktop/views/members/history_models.py" line="104" />
      <source>Refund</source>
      <translation>退款</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/history_models.py" line="105" />
      <source>Refunded</source>
      <translation>已退款</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/history_models.py" line="126" />
      <source>Refunded by refund {id}</source>
      <translation>已退款（退款记录 {id}）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/history_models.py" line="121" />
      <source>by {name}</source>
      <translation>经手人 {name}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/history_models.py" line="174" />
      <source>valid until {date}</source>
      <translation>有效期至 {date}</translation>
    </message>
  </context>
  <context>
    <name>MemberTableModel</name>
    <message>
      <location filename="../../desktop/views/members/model.py" line="42" />
      <source>Joined</source>
      <translation>入会日期</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="40" />
      <source>Last visit</source>
      <translation>最近到店</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="35" />
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="157" />
      <source>No visit yet</source>
      <translation>还没有到店记录</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="36" />
      <source>Phone</source>
      <translation>手机号</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="38" />
      <source>Points</source>
      <translation>积分</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="41" />
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="39" />
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="37" />
      <source>Tier</source>
      <translation>等级</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="62" />
      <source>today</source>
      <translation>今天</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="64" />
      <source>yesterday</source>
      <translation>昨天</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="66" />
      <source>{n} days ago</source>
      <translation>{n} 天前</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="68" />
      <source>{n} months ago</source>
      <translation>{n} 个月前</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/model.py" line="69" />
      <source>{n} years ago</source>
      <translation>{n} 年前</translation>
    </message>
  </context>
  <context>
    <name>MembersPage</name>
    <message>
      <location filename="../../desktop/views/members/page.py" line="457" />
      <source>1 member</source>
      <translation>共 1 位会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="101" />
      <location filename="../../desktop/views/members/page.py" line="161" />
      <source>Add member</source>
      <translation>添加会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="349" />
      <source>Add tags…</source>
      <translation>添加标签…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="432" />
      <source>Added {name}</source>
      <translation>已添加 {name}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="241" />
      <source>All tags</source>
      <translation>全部标签</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="242" />
      <source>All tiers</source>
      <translation>全部等级</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="355" />
      <source>Delete on request…</source>
      <translation>应本人要求删除…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="347" />
      <source>Edit…</source>
      <translation>编辑…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="98" />
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="128" />
      <source>Filter by tag</source>
      <translation>按标签筛选</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="130" />
      <source>Filter by tier</source>
      <translation>按等级筛选</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="96" />
      <location filename="../../desktop/views/members/page.py" line="159" />
      <source>Import Excel…</source>
      <translation>导入 Excel…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="415" />
      <source>Import finished</source>
      <translation>导入完成</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="348" />
      <source>Issue coupon…</source>
      <translation>发券…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="300" />
      <location filename="../../desktop/views/members/page.py" line="92" />
      <source>Members</source>
      <translation>会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="352" />
      <source>Merge these two…</source>
      <translation>合并这两位…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="389" />
      <source>Merged into one member</source>
      <translation>已合并为一位会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="277" />
      <source>No member is in this list yet.</source>
      <translation>这个列表里还没有会员。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="274" />
      <source>No member matches “{query}” in this list. Check the phone or name, or add them as a new member.</source>
      <translation>这个列表里没有与“{query}”匹配的会员。请核对手机号或姓名，或将其添加为新会员。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="163" />
      <source>No members yet</source>
      <translation>还没有会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="350" />
      <source>Remove tags…</source>
      <translation>移除标签…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="99" />
      <source>Save this list as Excel or CSV</source>
      <translation>把当前列表保存为 Excel 或 CSV</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="447" />
      <source>Saved {name}</source>
      <translation>已保存 {name}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="113" />
      <source>Search by phone, name or pinyin initials (zs finds 张三)</source>
      <translation>按手机号、姓名或拼音首字母搜索（zs 可找到 张三）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="114" />
      <source>Search members</source>
      <translation>搜索会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="397" />
      <source>The member's personal details were erased</source>
      <translation>已清除该会员的个人信息</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="163" />
      <source>This is your member book: every customer who joins, with their phone, points, tier, tags and last visit. Find anyone by phone, name or pinyin initials while they wait at the counter. Import the list you already keep in Excel, or add your first member now.</source>
      <translation>这里是你的会员册：每位入会的顾客，以及他们的手机号、积分、等级、标签和最近到店。顾客在柜台等候时，用手机号、姓名或拼音首字母就能找到。可以导入你在 Excel 里已有的名单，或者现在添加第一位会员。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="289" />
      <source>{n} found</source>
      <translation>找到 {n} 位</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="296" />
      <source>{n} in this list</source>
      <translation>本列表 {n} 位</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="458" />
      <source>{n} members</source>
      <translation>共 {n} 位会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/page.py" line="287" />
      <source>{n}+ found</source>
      <translation>已找到 {n}+ 位</translation>
    </message>
  </context>
  <context>
    <name>Navigation</name>
    <message>
      <location filename="../../desktop/views/pages.py" line="29" />
      <source>Coupons</source>
      <translation>优惠券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/pages.py" line="26" />
      <source>Entry points</source>
      <translation>入口与海报</translation>
    </message>
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
      <location filename="../../desktop/views/pages.py" line="31" />
      <source>Redeem</source>
      <translation>核销</translation>
    </message>
    <message>
      <location filename="../../desktop/views/pages.py" line="35" />
      <source>Settings</source>
      <translation>设置</translation>
    </message>
  </context>
  <context>
    <name>Pages</name>
    <message>
      <location filename="../../desktop/views/pages.py" line="67" />
      <source>The page '{page}' is not available yet. Pages you can show: {pages}.</source>
      <translation>“{page}”页面暂未提供。可以显示的页面：{pages}。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/pages.py" line="69" />
      <source>There is no page called '{page}'. Pages you can show: {pages}.</source>
      <translation>没有名为“{page}”的页面。可以显示的页面：{pages}。</translation>
    </message>
  </context>
  <context>
    <name>PurchaseDialog</name>
    <message>
      <location filename="../../desktop/views/members/purchase_dialog.py" line="68" />
      <source>Amount (yuan)</source>
      <translation>金额（元）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/purchase_dialog.py" line="106" />
      <source>Earns {n} points</source>
      <translation>可得 {n} 积分</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/purchase_dialog.py" line="72" />
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/purchase_dialog.py" line="44" />
      <source>Record purchase</source>
      <translation>记录消费</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/purchase_dialog.py" line="153" />
      <source>The purchase could not be saved: {reason}</source>
      <translation>未能保存这笔消费：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/purchase_dialog.py" line="57" />
      <source>e.g. 38.5</source>
      <translation>例如 38.5</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/purchase_dialog.py" line="63" />
      <source>optional, e.g. what they bought</source>
      <translation>选填，例如买了什么</translation>
    </message>
  </context>
  <context>
    <name>Redeem</name>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="30" />
      <source>Already done</source>
      <translation>刚刚已核销</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="31" />
      <source>Already used</source>
      <translation>已使用过</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="34" />
      <source>Below minimum spend</source>
      <translation>未达最低消费</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="91" />
      <source>Bill</source>
      <translation>账单</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/page.py" line="73" />
      <source>Bill (optional, yuan)</source>
      <translation>账单金额（选填，元）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/page.py" line="68" />
      <source>Bill amount</source>
      <translation>账单金额</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="85" />
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="109" />
      <source>Code</source>
      <translation>券码</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="87" />
      <source>Coupon</source>
      <translation>优惠券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/page.py" line="58" />
      <location filename="../../desktop/views/redeem/page.py" line="63" />
      <source>Coupon code</source>
      <translation>优惠券码</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="32" />
      <source>Expired</source>
      <translation>已过期</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="89" />
      <source>Member</source>
      <translation>会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="93" />
      <source>Minimum spend</source>
      <translation>最低消费</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="33" />
      <source>Not valid yet</source>
      <translation>尚未生效</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="39" />
      <source>Please wait</source>
      <translation>请稍候</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="42" />
      <source>Ready to scan</source>
      <translation>请扫码</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/page.py" line="60" />
      <location filename="../../desktop/views/redeem/page.py" line="164" />
      <location filename="../../desktop/views/redeem/page.py" line="35" />
      <source>Redeem</source>
      <translation>核销</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="29" />
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="98" />
      <source>Redeemed</source>
      <translation>已核销</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="75" />
      <source>Scan the coupon's QR code or type its code, then press Enter. The answer appears here.</source>
      <translation>扫描优惠券二维码或输入券码，然后按回车。结果显示在这里。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/page.py" line="201" />
      <source>Too many unknown codes: the desk takes codes again in {seconds} s.</source>
      <translation>无效券码太多：{seconds} 秒后才能继续输入。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="37" />
      <source>Typo?</source>
      <translation>可能输错了</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/page.py" line="152" />
      <source>Undo the redemption of {code}</source>
      <translation>撤销 {code} 的核销</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="40" />
      <source>Undone</source>
      <translation>已撤销</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="38" />
      <source>Unknown code</source>
      <translation>无效券码</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="100" />
      <source>Valid from</source>
      <translation>生效日期</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="102" />
      <source>Valid until</source>
      <translation>有效期至</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="36" />
      <source>Voided</source>
      <translation>已作废</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/page.py" line="75" />
      <source>checked against the minimum spend</source>
      <translation>用于核对最低消费</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/page.py" line="67" />
      <source>e.g. 128.50</source>
      <translation>例如 128.50</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/page.py" line="195" />
      <source>possible for {time} more</source>
      <translation>还可撤销 {time}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/redeem/verdict_panel.py" line="97" />
      <source>{when} by {who}</source>
      <translation>{when}（{who}）</translation>
    </message>
  </context>
  <context>
    <name>RulesCard</name>
    <message>
      <location filename="../../desktop/views/settings/tier_editor.py" line="132" />
      <source>+ Add a tier</source>
      <translation>+ 添加等级</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="91" />
      <source>At 1, a ¥38.50 purchase earns 38 points. 0 turns points off.</source>
      <translation>设为 1 时，消费 ¥38.50 得 38 积分。设为 0 则不送积分。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="101" />
      <source>Counted from each purchase; 365 days is one year. Expired points are taken off once a day while ShopCircle is open.</source>
      <translation>从每笔消费之日算起，365 天即一年。店圈打开期间每天扣除一次过期积分。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="122" />
      <source>Discard changes</source>
      <translation>放弃修改</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="94" />
      <source>Expire after</source>
      <translation>有效期</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="64" />
      <source>How members earn points and reach tiers. Tier changes apply to every member as soon as you save. Points per yuan and expiry apply to purchases from then on; points already earned keep their amount and expiry date.</source>
      <translation>会员如何获得积分、达到等级。等级的修改在保存后立即对所有会员生效；每元积分和有效期从之后的消费开始生效，已获得的积分数量和到期日不变。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/tier_editor.py" line="145" />
      <location filename="../../desktop/views/settings/tier_editor.py" line="113" />
      <source>Level</source>
      <translation>级别</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="72" />
      <source>Lowest tier first; the last one is the top tier (VIP). A member holds the highest tier they reach, by total spend or by points balance.</source>
      <translation>从最低等级排起，最后一个是最高等级（VIP）。会员按累计消费或积分余额，取所达到的最高等级。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="108" />
      <source>Members who bought before but have not come back for this long are in the Sleeping list, ready for a win-back coupon.</source>
      <translation>消费过、但这么多天没有再来的会员会进入“沉睡”名单，可以给他们发召回券。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="63" />
      <source>Membership rules</source>
      <translation>会员规则</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="232" />
      <source>Membership rules saved.</source>
      <translation>会员规则已保存。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="231" />
      <source>Membership rules saved. Every member's tier is up to date.</source>
      <translation>会员规则已保存，所有会员的等级已更新。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/tier_editor.py" line="68" />
      <source>Move down (a higher tier)</source>
      <translation>下移（升为较高等级）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/tier_editor.py" line="66" />
      <source>Move up (a lower tier)</source>
      <translation>上移（降为较低等级）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="93" />
      <source>Never expire</source>
      <translation>永不过期</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/tier_editor.py" line="128" />
      <source>No tiers yet: every member is simply a member. Add a tier to reward your best customers.</source>
      <translation>还没有会员等级：所有会员都是普通会员。添加等级，回馈最好的顾客。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="294" />
      <source>Not saved: correct the field marked in red.</source>
      <translation>未保存：请修改标红的项。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/tier_editor.py" line="31" />
      <source>Points balance</source>
      <translation>积分余额</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="95" />
      <location filename="../../desktop/views/settings/rules_card.py" line="99" />
      <source>Points expiry</source>
      <translation>积分有效期</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="89" />
      <source>Points per yuan</source>
      <translation>每元积分</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/tier_editor.py" line="65" />
      <location filename="../../desktop/views/settings/tier_editor.py" line="148" />
      <source>Reached at</source>
      <translation>门槛</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/tier_editor.py" line="58" />
      <location filename="../../desktop/views/settings/tier_editor.py" line="147" />
      <source>Reached by</source>
      <translation>升级依据</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/tier_editor.py" line="69" />
      <source>Remove this tier</source>
      <translation>删除此等级</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="124" />
      <source>Save rules</source>
      <translation>保存规则</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="261" />
      <source>Saving and updating every member's tier. You can keep working meanwhile.</source>
      <translation>正在保存并更新所有会员的等级，期间可以继续使用。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="262" />
      <source>Saving…</source>
      <translation>正在保存…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="106" />
      <source>Sleeping after</source>
      <translation>沉睡判定</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="239" />
      <source>The membership rules were not saved</source>
      <translation>会员规则未保存</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="169" />
      <source>The rules could not be read: {reason}</source>
      <translation>未能读取会员规则：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/tier_editor.py" line="53" />
      <location filename="../../desktop/views/settings/tier_editor.py" line="146" />
      <source>Tier name</source>
      <translation>等级名称</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="71" />
      <source>Tiers</source>
      <translation>会员等级</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/tier_editor.py" line="30" />
      <source>Total spend (yuan)</source>
      <translation>累计消费（元）</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="253" />
      <source>Unsaved changes</source>
      <translation>有未保存的修改</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="97" />
      <source>days</source>
      <translation>天</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="107" />
      <source>days without a visit</source>
      <translation>天未到店</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/tier_editor.py" line="63" />
      <source>e.g. 1000</source>
      <translation>如：1000</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/tier_editor.py" line="52" />
      <source>e.g. Gold</source>
      <translation>如：金卡</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/rules_card.py" line="90" />
      <source>points for each whole yuan</source>
      <translation>积分 / 每满 1 元</translation>
    </message>
  </context>
  <context>
    <name>SegmentList</name>
    <message>
      <location filename="../../desktop/views/members/segment_list.py" line="44" />
      <source>All members</source>
      <translation>全部会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/segment_list.py" line="45" />
      <source>Every member of the shop</source>
      <translation>本店的每一位会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/segment_list.py" line="38" />
      <source>Member lists</source>
      <translation>会员列表</translation>
    </message>
  </context>
  <context>
    <name>SelectionBar</name>
    <message>
      <location filename="../../desktop/views/members/selection_bar.py" line="78" />
      <source>1 member selected</source>
      <translation>已选 1 位会员</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/selection_bar.py" line="36" />
      <source>Add tags…</source>
      <translation>添加标签…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/selection_bar.py" line="41" />
      <source>Delete on request…</source>
      <translation>应本人要求删除…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/selection_bar.py" line="43" />
      <source>Erase one member's personal details when they ask for it</source>
      <translation>会员本人要求时，清除其个人信息</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/selection_bar.py" line="35" />
      <source>Give each selected member a coupon</source>
      <translation>给每位所选会员发一张券</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/selection_bar.py" line="33" />
      <source>Issue coupon…</source>
      <translation>发券…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/selection_bar.py" line="39" />
      <source>Merge…</source>
      <translation>合并…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/selection_bar.py" line="37" />
      <source>Remove tags…</source>
      <translation>移除标签…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/selection_bar.py" line="40" />
      <source>Select exactly two members to merge</source>
      <translation>选中恰好两位会员才能合并</translation>
    </message>
    <message>
      <location filename="../../desktop/views/members/selection_bar.py" line="80" />
      <source>{n} members selected</source>
      <translation>已选 {n} 位会员</translation>
    </message>
  </context>
  <context>
    <name>Settings</name>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="135" />
      <source>A PNG image of at most 512 KB. A square logo looks best.</source>
      <translation>PNG 图片，不超过 512 KB。方形标志效果最好。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="184" />
      <source>A second colour for posters and coupons.</source>
      <translation>海报和优惠券上的第二种颜色。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="180" />
      <location filename="../../desktop/views/settings/page.py" line="182" />
      <source>Accent colour</source>
      <translation>辅助色</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="140" />
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
      <location filename="../../desktop/views/settings/page.py" line="174" />
      <location filename="../../desktop/views/settings/page.py" line="176" />
      <source>Brand colour</source>
      <translation>品牌色</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="159" />
      <source>Choose PNG…</source>
      <translation>选择 PNG…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="75" />
      <source>Choose a backup to restore</source>
      <translation>选择要恢复的备份</translation>
    </message>
    <message>
      <location filename="../../desktop/views/widgets.py" line="113" />
      <location filename="../../desktop/views/widgets.py" line="114" />
      <source>Choose a colour…</source>
      <translation>选择颜色…</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="335" />
      <source>Choose the store logo</source>
      <translation>选择店铺标志</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="172" />
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
      <location filename="../../desktop/views/settings/page.py" line="212" />
      <source>Discard changes</source>
      <translation>放弃修改</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="200" />
      <source>Display language</source>
      <translation>界面语言</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="39" />
      <source>Follow system</source>
      <translation>跟随系统</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="213" />
      <source>Go back to what is saved (Esc)</source>
      <translation>恢复为已保存的内容 (Esc)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="191" />
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="133" />
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
      <location filename="../../desktop/views/settings/page.py" line="375" />
      <source>No logo</source>
      <translation>暂无标志</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="322" />
      <source>Not saved: correct the field marked in red.</source>
      <translation>未保存：请修改标红的项目。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="48" />
      <source>Open the backups folder</source>
      <translation>打开备份文件夹</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="335" />
      <source>PNG images (*.png)</source>
      <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="144" />
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="161" />
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
      <location filename="../../desktop/views/settings/page.py" line="215" />
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="216" />
      <source>Save (Enter or Ctrl+S)</source>
      <translation>保存 (Enter 或 Ctrl+S)</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="94" />
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="299" />
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
      <location filename="../../desktop/views/settings/page.py" line="131" />
      <source>Store name</source>
      <translation>店名</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="125" />
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
      <location filename="../../desktop/views/settings/page.py" line="345" />
      <source>The file could not be read: {reason}</source>
      <translation>无法读取该文件：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="178" />
      <source>The window's highlights, posters and coupons use it.</source>
      <translation>用于窗口中的强调色、海报和优惠券。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/backups_card.py" line="82" />
      <source>This backup cannot be restored</source>
      <translation>这个备份无法恢复</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="95" />
      <source>Your store's details appear on posters, coupons and partner sheets.</source>
      <translation>店铺信息会出现在海报、优惠券和合作伙伴表格上。</translation>
    </message>
    <message>
      <location filename="../../desktop/views/settings/page.py" line="130" />
      <source>e.g. Sunny Bakery</source>
      <translation>例如：阳光烘焙</translation>
    </message>
  </context>
  <context>
    <name>TaskProgress</name>
    <message>
      <location filename="../../desktop/views/members/task_progress.py" line="112" />
      <source>the file cannot be written there ({problem}).</source>
      <translation>无法在该位置写入文件（{problem}）。</translation>
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
    <name>birthdays</name>
    <message>
      <location filename="../../desktop/domain/birthday_coupons.py" line="92" />
      <source>Birthday coupon</source>
      <translation>生日券</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/birthday_coupons.py" line="73" />
      <location filename="../../desktop/views/settings/birthday_card.py" line="212" />
      <source>Days before</source>
      <translation>提前天数</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/birthday_coupons.py" line="76" />
      <source>enter a whole number of days</source>
      <translation>请输入整数天数</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/birthday_coupons.py" line="79" />
      <source>{least} to {most} days</source>
      <translation>{least} 到 {most} 天</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/birthday_coupons.py" line="92" />
      <source>“{title}” can no longer issue coupons</source>
      <translation>“{title}”已不能再发券</translation>
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
      <location filename="../../desktop/cli/commands/entries.py" line="67" />
      <source>A counter entry point has no QR code: choose it when adding a member.</source>
      <translation>柜台入口没有二维码：新增会员时选择它即可。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupon_print.py" line="13" />
      <source>A4 sheets of a batch's coupons as PDF</source>
      <translation>把一批优惠券排成 A4 页面并输出 PDF</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="37" />
      <source>Add a coupon template; answers its id. Exit code 2 when a value is not usable (the field is named).</source>
      <translation>新建优惠券模板，返回其编号。数值不可用时退出码为 2（会指出字段）。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="31" />
      <source>Add a member. Exit code 1 when another member already has the phone, 2 when a value is not usable (the field is named).</source>
      <translation>添加会员。手机号已被其他会员使用时退出码为 1，某项内容无法使用时为 2（并指明是哪一项）。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="23" />
      <source>Add an entry point; answers its id and qr_url, what its QR code carries. For --kind page that is the sign-up page's path (/s/TOKEN), or a full URL when the setting signup_base_url is set (qr_is_path says which); for a counter there is no QR (null). Exit code 2 when a value is not usable (the field is named).</source>
      <translation>新增引流入口；返回其编号 id 和二维码内容 qr_url。--kind page 时为入会页的路径（/s/TOKEN），若已设置 signup_base_url 则为完整网址（qr_is_path 说明是哪一种）；柜台入口没有二维码（null）。取值不可用时退出码为 2（会指明字段）。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/backup.py" line="48" />
      <source>Backup written to {path} ({size}).</source>
      <translation>备份已保存到 {path}（{size}）。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="124" />
      <source>Batch {batch}: {count} codes</source>
      <translation>批次 {batch}：{count} 个券码</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="122" />
      <source>Birthday</source>
      <translation>生日</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/check.py" line="8" />
      <source>Check the database: storage integrity, broken links, and that every member's points, spend and visits agree with the points ledger and purchases. Exit code 1 when a problem is found.</source>
      <translation>检查数据库：存储是否完好、有没有断开的关联，以及每位会员的积分、消费额和到店次数是否与积分流水和消费记录一致。发现问题时退出码为 1。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="107" />
      <source>Coupon template {id} added: {title} ({value})</source>
      <translation>已新建优惠券模板 {id}：{title}（{value}）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="31" />
      <source>Coupon templates.</source>
      <translation>优惠券模板。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="142" />
      <source>Coupons issued: {count}</source>
      <translation>已发券：{count} 张</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="16" />
      <source>Coupons: templates, printed batches and coupons for members.</source>
      <translation>优惠券：模板、打印批次和发给会员的券。</translation>
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
      <location filename="../../desktop/cli/commands/entries.py" line="64" />
      <source>Entry point {id} added: {name} (channel {code})</source>
      <translation>已新增引流入口 {id}：{name}（渠道码 {code}）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="10" />
      <source>Entry points: the channels people join through, each with its own QR code.</source>
      <translation>引流入口：顾客入会的渠道，每个渠道有自己的二维码。</translation>
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
      <location filename="../../desktop/cli/commands/coupons.py" line="61" />
      <source>Generate a batch of codes held by no member: to print, or for a partner to hand out. Exit code 1 when the template does not exist or cannot issue coupons.</source>
      <translation>生成一批不属于任何会员的券码：用于打印，或交给合作商家发放。模板不存在或不能发券时退出码为 1。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="122" />
      <source>ID</source>
      <translation>编号</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="172" />
      <source>Internal error: {error}. This is a bug in ShopCircle; the details are in the log.</source>
      <translation>内部错误：{error}。这是店圈的程序缺陷，详细信息已写入日志。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="78" />
      <source>Issue a coupon to the member with a phone, or to every member of a segment. Exit code 1 when no member has the phone or the template cannot issue coupons.</source>
      <translation>给指定手机号的会员或某个分群的全部会员发券。没有该手机号的会员或模板不能发券时退出码为 1。</translation>
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
      <location filename="../../desktop/cli/commands/members.py" line="122" />
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/serve.py" line="38" />
      <source>No entry point of kind page yet: add one with `entries add NAME --kind page`.</source>
      <translation>还没有“入会页面”类入口：请用 `entries add 名称 --kind page` 添加。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/check.py" line="43" />
      <source>No problems found.</source>
      <translation>没有发现问题。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="113" />
      <source>Output file</source>
      <translation>输出文件</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupon_print.py" line="35" />
      <source>Page {done} of {total}</source>
      <translation>第 {done} 页，共 {total} 页</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="122" />
      <source>Phone</source>
      <translation>手机</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="123" />
      <source>Points</source>
      <translation>积分</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="124" />
      <source>Poster written to {path} (QR code: {url}).</source>
      <translation>海报已写入 {path}（二维码：{url}）。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/check.py" line="48" />
      <source>Problems found:</source>
      <translation>发现以下问题：</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="70" />
      <source>QR code: {url}</source>
      <translation>二维码：{url}</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupon_redeem.py" line="10" />
      <source>Redeem the coupon with code CODE (dashes, spaces and lower case are fine), optionally checking the bill amount against its minimum spend. Exit code 0 when redeemed, 1 when refused (the reason says why: already_redeemed, expired, not_yet_valid, below_min_spend, voided, typo, unknown, throttled), 2 for a bad amount.</source>
      <translation>核销券码为 CODE 的优惠券（可带短横线、空格或小写），可选地按账单金额检查最低消费。核销成功退出码 0；被拒绝为 1（reason 说明原因：already_redeemed、expired、not_yet_valid、below_min_spend、voided、typo、unknown、throttled）；金额有误为 2。</translation>
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
      <location filename="../../desktop/cli/commands/serve.py" line="10" />
      <source>Serve the sign-up page of every entry point of kind page on this PC's network address until Ctrl+C. Phones on the same Wi-Fi open it by scanning the entry point's QR code.</source>
      <translation>在本机的网络地址上提供每个“入会页面”类入口的入会页面，直到按 Ctrl+C。连接同一 Wi-Fi 的手机扫描入口二维码即可打开。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="77" />
      <source>ShopCircle (店圈): members, QR sign-up, coupons and partner exchange for a small shop. With no COMMAND the window opens.</source>
      <translation>店圈 ShopCircle：为小店管理会员、扫码入会、优惠券和异业合作。不带 COMMAND 时打开窗口。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/serve.py" line="34" />
      <source>Sign-up page running at {url}; Ctrl+C stops it.</source>
      <translation>入会页面运行于 {url}；按 Ctrl+C 停止。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="123" />
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="132" />
      <source>Stopped.</source>
      <translation>已停止。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="123" />
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
      <location filename="../../desktop/cli/commands/entries.py" line="72" />
      <source>This is the sign-up page's path; the full address is known once the sign-up page runs, or set signup_base_url.</source>
      <translation>这是入会页的路径；入会页启动后才知道完整地址，也可以设置 signup_base_url。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="123" />
      <source>Tier</source>
      <translation>等级</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="83" />
      <source>Write a poster for an entry point; answers the file's path. PDF at true size or PNG at 300 dpi (square: a 1080 px PNG only), by the file's suffix. A sign-up page's QR carries signup_base_url when set, else this PC's LAN address on port 8080, where the sign-up page listens. Exit code 2 for a counter (no QR) or an entry point that does not exist.</source>
      <translation>为入口生成海报，返回文件路径。按文件后缀输出原尺寸 PDF 或 300 dpi 的 PNG（square 仅输出 1080 像素的 PNG）。登记页的二维码在设置了 signup_base_url 时使用该地址，否则使用本机局域网地址和登记页监听的 8080 端口。收银台入口（无二维码）或入口不存在时退出码为 2。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/backup.py" line="11" />
      <source>Write an online backup (safe while the window is open). A SQLite database is copied as a .db file unless --out ends in .zip; PostgreSQL is written as a portable .zip. Without --out the file goes to the backups folder.</source>
      <translation>在线备份（窗口开着时也安全）。SQLite 数据库复制为 .db 文件（--out 以 .zip 结尾时除外）；PostgreSQL 写成可移植的 .zip 文件。不指定 --out 时，文件保存在备份文件夹中。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupon_print.py" line="14" />
      <source>Write the coupons of a batch (its id or uuid) as A4 sheets with cut marks. Exit code 1 when the batch does not exist.</source>
      <translation>把一批优惠券（按批次编号或 uuid）排成带裁切标记的 A4 页面。批次不存在时退出码为 1。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="70" />
      <source>a note</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="82" />
      <source>a poster with an entry point's QR code, as PDF or PNG</source>
      <translation>生成带入口二维码的海报（PDF 或 PNG）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="36" />
      <source>add a coupon template</source>
      <translation>新建优惠券模板</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="30" />
      <source>add a member</source>
      <translation>添加会员</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="22" />
      <source>add an entry point</source>
      <translation>新增引流入口</translation>
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
      <location filename="../../desktop/cli/commands/coupons.py" line="41" />
      <source>amount off, percent off or a free item</source>
      <translation>立减金额、百分比优惠或免费赠品</translation>
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
      <location filename="../../desktop/cli/commands/coupons.py" line="30" />
      <source>coupon templates</source>
      <translation>优惠券模板</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="15" />
      <source>coupon templates and issuing</source>
      <translation>优惠券模板与发券</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupon_print.py" line="20" />
      <source>coupons on each page (default 8)</source>
      <translation>每页几张券（默认 8）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="37" />
      <source>e.g. 1990-05-03, 1990/5/3, 1990年5月3日, 19900503, 5月3日 or 05-03</source>
      <translation>例如 1990-05-03、1990/5/3、1990年5月3日、19900503、5月3日 或 05-03</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="156" />
      <source>enter a whole number</source>
      <translation>请输入整数</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/parser.py" line="84" />
      <source>enter a whole number of at least 1</source>
      <translation>请输入不小于 1 的整数</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="9" />
      <source>entry points and their QR codes</source>
      <translation>引流入口及其二维码</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="86" />
      <source>every member of this segment, e.g. birthday_month</source>
      <translation>该分群的全部会员，例如 birthday_month</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/demo.py" line="14" />
      <source>fill a realistic demo store</source>
      <translation>填充一家逼真的演示门店</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="51" />
      <source>first valid day, YYYY-MM-DD (with --valid-to)</source>
      <translation>开始日期，YYYY-MM-DD（与 --valid-to 一起使用）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="60" />
      <source>generate a batch of codes</source>
      <translation>生成一批券码</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="67" />
      <source>how many codes (at most 100,000)</source>
      <translation>券码数量（最多 100,000）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/demo.py" line="17" />
      <source>how many members (default 2000)</source>
      <translation>会员数量（默认 2000）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="77" />
      <source>issue coupons to members</source>
      <translation>给会员发券</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/main.py" line="121" />
      <source>language of messages (default: the store's setting, else the system's)</source>
      <translation>提示信息的语言（默认：门店设置中的语言，否则跟随系统）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="53" />
      <source>last valid day, YYYY-MM-DD (with --valid-from)</source>
      <translation>截止日期，YYYY-MM-DD（与 --valid-from 一起使用）</translation>
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
      <location filename="../../desktop/cli/commands/coupons.py" line="46" />
      <source>minimum bill in yuan (default 0: none)</source>
      <translation>最低消费（元，默认 0：不限）</translation>
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
      <location filename="../../desktop/cli/commands/entries.py" line="101" />
      <source>opening hours for the footer, e.g. 9:00-21:00</source>
      <translation>页脚显示的营业时间，例如 9:00-21:00</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="32" />
      <source>page: the built-in sign-up page; form: an external form; url: any address (print only); counter: staff sign people up in the app</source>
      <translation>page：内置入会页；form：外部表单；url：任意网址（仅打印）；counter：店员在软件中为顾客登记</translation>
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
      <location filename="../../desktop/cli/commands/coupon_redeem.py" line="9" />
      <source>redeem a coupon code</source>
      <translation>核销优惠券码</translation>
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
      <location filename="../../desktop/cli/commands/serve.py" line="9" />
      <source>run the phone sign-up page on the shop's Wi-Fi</source>
      <translation>在店内 Wi-Fi 上运行手机入会页面</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="19" />
      <location filename="../../desktop/cli/commands/entries.py" line="14" />
      <location filename="../../desktop/cli/commands/members.py" line="20" />
      <source>subcommands</source>
      <translation>子命令</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="41" />
      <source>tags put on everyone who joins through it, separated by commas</source>
      <translation>通过它入会的顾客自动打上的标签，用逗号分隔</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="40" />
      <source>tags separated by commas (new tags are created)</source>
      <translation>标签，用逗号分隔（没有的标签会新建）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="95" />
      <source>the PDF or PNG to write</source>
      <translation>要写入的 PDF 或 PNG 文件</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupon_print.py" line="18" />
      <source>the PDF to write</source>
      <translation>要写入的 PDF 文件</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/serve.py" line="14" />
      <source>the address to listen on (default: this PC's LAN address, else 127.0.0.1)</source>
      <translation>监听的地址（默认：本机局域网地址，没有时为 127.0.0.1）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="36" />
      <source>the address, http:// or https:// (form and url kinds)</source>
      <translation>网址，以 http:// 或 https:// 开头（form 和 url 类型）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/backup.py" line="28" />
      <source>the backup to restore</source>
      <translation>要恢复的备份文件</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupon_print.py" line="16" />
      <source>the batch id or uuid</source>
      <translation>批次编号或 uuid</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupon_redeem.py" line="18" />
      <source>the bill in yuan, e.g. 120 or 88.5</source>
      <translation>账单金额（元），例如 120 或 88.5</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupon_redeem.py" line="16" />
      <source>the coupon code</source>
      <translation>优惠券码</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="44" />
      <source>the coupon template id of the welcome coupon</source>
      <translation>入会礼券的券模板编号</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="89" />
      <source>the entry point id</source>
      <translation>入口编号</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="42" />
      <source>the entry point the member joined through: its id, channel code or name</source>
      <translation>会员加入时的引流入口：编号、渠道码或名称</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="38" />
      <source>the form's link parameter that records the channel (default for 问卷星 wjx.cn: sojumpparm)</source>
      <translation>表单记录渠道的链接参数名（问卷星 wjx.cn 默认为 sojumpparm）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="97" />
      <source>the headline (default: Join our members)</source>
      <translation>标题（默认：欢迎加入本店会员）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="84" />
      <source>the member's mobile number</source>
      <translation>会员手机号</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="33" />
      <source>the name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="30" />
      <source>the name, e.g. Front counter (at most 60 characters)</source>
      <translation>名称，例如 前台（最多 60 个字）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="99" />
      <source>the offer line (default: Scan to join — 10%% off)</source>
      <translation>优惠语（默认：扫码入会 立享9折）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="92" />
      <source>the paper: A4, A5 table tent, A6, 80 or 58 mm receipt, or a square image for WeChat Moments</source>
      <translation>纸张：A4、A5 桌卡、A6、80 或 58 毫米小票，或用于微信朋友圈的方图</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="69" />
      <source>the partner who hands them out: its id or name</source>
      <translation>负责发放的合作商家：编号或名称</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/serve.py" line="17" />
      <source>the port (default 8080; 0 picks a free one)</source>
      <translation>端口（默认 8080；0 表示自动选择空闲端口）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="65" />
      <location filename="../../desktop/cli/commands/coupons.py" line="82" />
      <source>the template id</source>
      <translation>模板编号</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="39" />
      <source>the title</source>
      <translation>标题</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="116" />
      <source>there is no entry point {entry}</source>
      <translation>没有引流入口 {entry}</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="200" />
      <source>there is no partner {partner}</source>
      <translation>没有合作商家 {partner}</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="114" />
      <source>use a .png file (or .pdf except for square)</source>
      <translation>请使用 .png 文件（除 square 外也可用 .pdf）</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="184" />
      <source>use a date like 2026-12-31</source>
      <translation>请使用 2026-12-31 这样的日期</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupons.py" line="49" />
      <source>valid N days from issue</source>
      <translation>领取后 N 天内有效</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/entries.py" line="46" />
      <source>where it is put up, e.g. by the door</source>
      <translation>摆放位置，例如 门口</translation>
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
      <location filename="../../desktop/cli/commands/coupons.py" line="43" />
      <source>yuan off for amount (e.g. 20), percent off for percent (10 = 10%% off), 0 for a gift</source>
      <translation>amount 为减免元数（如 20），percent 为优惠百分比（10 即优惠 10%%），赠品填 0</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/coupon_print.py" line="38" />
      <source>{count} coupons on {pages} pages written to {path}.</source>
      <translation>已把 {count} 张券排成 {pages} 页，写入 {path}。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/demo.py" line="35" />
      <source>{done} of {total} members</source>
      <translation>已完成 {done} / {total} 位会员</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/members.py" line="128" />
      <source>{shown} of {total} members</source>
      <translation>显示 {shown} 位，共 {total} 位会员</translation>
    </message>
  </context>
  <context>
    <name>coupons</name>
    <message>
      <location filename="../../desktop/domain/coupon_issuing.py" line="80" />
      <source>1 to {most} coupons</source>
      <translation>须为 1 到 {most} 张</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="188" />
      <source>1 to {most} days</source>
      <translation>须为 1 到 {most} 天</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupon_issuing.py" line="79" />
      <source>Count</source>
      <translation>数量</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_coupons.py" line="34" />
      <source>Expired {when}</source>
      <translation>已过期 {when}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="123" />
      <source>Free item</source>
      <translation>免费赠品</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="128" />
      <source>Min. spend {amount}</source>
      <translation>满 {amount} 可用</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="165" />
      <location filename="../../desktop/domain/coupons.py" line="167" />
      <location filename="../../desktop/views/coupons/designer.py" line="346" />
      <source>Minimum spend</source>
      <translation>最低消费</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="136" />
      <source>No expiry</source>
      <translation>长期有效</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupon_issuing.py" line="82" />
      <source>Partner</source>
      <translation>合作商家</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupon_issuing.py" line="164" />
      <source>Purpose</source>
      <translation>用途</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_coupons.py" line="30" />
      <source>Redeemed {when}</source>
      <translation>已核销 {when}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="125" />
      <source>Stamp card reward</source>
      <translation>集点卡奖励</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="173" />
      <location filename="../../desktop/views/coupons/designer.py" line="348" />
      <source>Terms</source>
      <translation>使用说明</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupon_issuing.py" line="53" />
      <source>The coupon “{title}” (template {id}) cannot be issued any more: {reason}.</source>
      <translation>优惠券“{title}”（模板 {id}）已不能再发放：{reason}。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="30" />
      <source>There is no coupon template {id}.</source>
      <translation>没有编号为 {id} 的优惠券模板。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="148" />
      <location filename="../../desktop/domain/coupons.py" line="150" />
      <location filename="../../desktop/views/coupons/designer.py" line="345" />
      <source>Title</source>
      <translation>标题</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="152" />
      <location filename="../../desktop/views/coupons/designer.py" line="345" />
      <source>Type</source>
      <translation>类型</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="185" />
      <location filename="../../desktop/domain/coupons.py" line="187" />
      <location filename="../../desktop/views/coupons/designer.py" line="347" />
      <source>Valid days</source>
      <translation>有效天数</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_coupons.py" line="36" />
      <source>Valid from {when}</source>
      <translation>{when} 起可用</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="195" />
      <location filename="../../desktop/views/coupons/designer.py" line="348" />
      <source>Valid to</source>
      <translation>截止日期</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_coupons.py" line="39" />
      <source>Valid until {when}</source>
      <translation>可用，{when} 前有效</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="131" />
      <source>Valid {days} days from issue</source>
      <translation>领取后 {days} 天内有效</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="133" />
      <source>Valid {start} – {end}</source>
      <translation>有效期 {start} 至 {end}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_coupons.py" line="38" />
      <source>Valid, no expiry</source>
      <translation>可用，长期有效</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="182" />
      <location filename="../../desktop/domain/coupons.py" line="192" />
      <location filename="../../desktop/views/coupons/designer.py" line="347" />
      <source>Validity</source>
      <translation>有效期</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="155" />
      <location filename="../../desktop/domain/coupons.py" line="157" />
      <location filename="../../desktop/domain/coupons.py" line="160" />
      <location filename="../../desktop/domain/coupons.py" line="163" />
      <location filename="../../desktop/views/coupons/designer.py" line="346" />
      <source>Value</source>
      <translation>面值</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_coupons.py" line="32" />
      <source>Voided {when}</source>
      <translation>已作废 {when}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="161" />
      <source>a percentage off must be 1 to 99</source>
      <translation>优惠百分比须在 1 到 99 之间</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="158" />
      <source>an amount off must be more than 0</source>
      <translation>减免金额必须大于 0</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="153" />
      <source>choose one of {kinds}</source>
      <translation>请从 {kinds} 中选择</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupon_issuing.py" line="165" />
      <source>choose one of {purposes}</source>
      <translation>请从 {purposes} 中选择</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="150" />
      <source>enter a title</source>
      <translation>请输入标题</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="201" />
      <source>enter a whole number</source>
      <translation>请输入整数</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="193" />
      <source>give both the first and the last day</source>
      <translation>请同时填写开始日期和截止日期</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="183" />
      <source>give fixed dates or a number of days, not both</source>
      <translation>请填写固定日期或有效天数，不能同时填写</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupon_issuing.py" line="197" />
      <source>it is archived</source>
      <translation>模板已归档</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupon_issuing.py" line="199" />
      <source>its last valid day, {day}, is over</source>
      <translation>最后有效日 {day} 已过</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="168" />
      <source>must be 0 or more</source>
      <translation>必须大于或等于 0</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="164" />
      <source>must not be negative</source>
      <translation>不能为负数</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="196" />
      <source>the last day is before the first</source>
      <translation>截止日期早于开始日期</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupon_issuing.py" line="83" />
      <source>there is no partner {id}</source>
      <translation>没有编号为 {id} 的合作商家</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="119" />
      <source>{amount} off</source>
      <translation>立减 {amount}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/coupons.py" line="121" />
      <source>{percent}% off</source>
      <translation>优惠 {percent}%</translation>
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
      <location filename="../../desktop/domain/demo.py" line="109" />
      <source>Number of members</source>
      <translation>会员数量</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/demo.py" line="61" />
      <source>This database already has {count} members, so no demo data was added. Use a new database file (--db demo.db), or --force to add demo members anyway.</source>
      <translation>这个数据库里已经有 {count} 位会员，因此没有添加演示数据。请使用一个新的数据库文件（--db demo.db），或者用 --force 强制添加演示会员。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/demo.py" line="110" />
      <source>choose between 1 and {maximum}</source>
      <translation>请填写 1 到 {maximum} 之间的数</translation>
    </message>
  </context>
  <context>
    <name>entries</name>
    <message>
      <location filename="../../desktop/domain/entry_points.py" line="186" />
      <source>Entry point</source>
      <translation>引流入口</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/entry_points.py" line="216" />
      <location filename="../../desktop/views/entries/entry_dialog.py" line="196" />
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/entry_points.py" line="229" />
      <location filename="../../desktop/views/entries/entry_dialog.py" line="199" />
      <source>Location</source>
      <translation>位置</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/entry_points.py" line="211" />
      <location filename="../../desktop/domain/entry_points.py" line="213" />
      <location filename="../../desktop/views/entries/entry_dialog.py" line="196" />
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/entry_points.py" line="248" />
      <location filename="../../desktop/views/entries/entry_dialog.py" line="197" />
      <source>Parameter</source>
      <translation>链接参数</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/entry_points.py" line="224" />
      <source>Staff</source>
      <translation>负责店员</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/entry_points.py" line="44" />
      <source>There is no entry point {id}.</source>
      <translation>没有编号为 {id} 的引流入口。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/entry_points.py" line="233" />
      <location filename="../../desktop/views/entries/entry_dialog.py" line="197" />
      <source>URL</source>
      <translation>网址</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/entry_points.py" line="259" />
      <location filename="../../desktop/views/entries/entry_dialog.py" line="198" />
      <source>Welcome coupon</source>
      <translation>入会礼券</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/entry_points.py" line="217" />
      <source>choose one of {kinds}</source>
      <translation>请选择以下之一：{kinds}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/entry_points.py" line="213" />
      <source>enter a name</source>
      <translation>请输入名称</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/entry_points.py" line="240" />
      <source>enter a web address starting with http:// or https://</source>
      <translation>请输入以 http:// 或 https:// 开头的网址</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/entry_points.py" line="236" />
      <source>enter the address the QR code leads to</source>
      <translation>请输入二维码指向的网址</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/entry_points.py" line="248" />
      <source>enter the name of the link parameter the form records (1 to 30 letters, digits or _)</source>
      <translation>请输入表单记录渠道所用的参数名（1 到 30 个字母、数字或 _）</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/entry_points.py" line="225" />
      <source>there is no staff member {id}</source>
      <translation>没有编号为 {id} 的店员</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/entry_points.py" line="187" />
      <source>“{name}” is archived</source>
      <translation>“{name}”已归档</translation>
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
      <location filename="../../desktop/domain/imports/preview.py" line="92" />
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
      <location filename="../../desktop/domain/imports/parsed.py" line="21" />
      <source>Row {row}, {field}: {problem}</source>
      <translation>第 {row} 行，{field}：{problem}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/parsed.py" line="19" />
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
      <location filename="../../desktop/domain/imports/values.py" line="70" />
      <source>a phone number cannot have decimals</source>
      <translation>手机号不能有小数</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/values.py" line="162" />
      <source>gender must be 男 or 女 (M or F)</source>
      <translation>性别必须是 男 或 女（M 或 F）</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/values.py" line="60" />
      <source>longer than {limit} characters</source>
      <translation>超过 {limit} 个字</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/values.py" line="152" />
      <source>not a date; write it like 1990-05-03, 1990年5月3日 or 5月3日</source>
      <translation>不是日期，请写成 1990-05-03、1990年5月3日 或 5月3日</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/values.py" line="83" />
      <source>not a phone number</source>
      <translation>不是手机号</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/values.py" line="191" />
      <source>points must be a whole number, zero or more</source>
      <translation>积分必须是不小于 0 的整数</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/values.py" line="147" />
      <source>the birthday is in the future</source>
      <translation>生日不能在将来</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/values.py" line="145" />
      <source>the birthday's year must be between 1900 and this year</source>
      <translation>生日的年份必须在 1900 年到今年之间</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/row_parser.py" line="64" />
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
      <location filename="../../desktop/domain/imports/values.py" line="86" />
      <source>the number was shortened by Excel ({text}) and its last digits are lost; type the full number</source>
      <translation>号码被 Excel 缩写成了 {text}，后几位已经丢失，请填写完整号码</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/row_parser.py" line="65" />
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
      <location filename="../../desktop/domain/member_export.py" line="58" />
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
      <location filename="../../desktop/domain/member_export.py" line="146" />
      <source>Female</source>
      <translation>女</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="137" />
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="57" />
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="54" />
      <source>ID</source>
      <translation>编号</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="66" />
      <source>Joined</source>
      <translation>加入时间</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="63" />
      <source>Last visit</source>
      <translation>最近到店</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="146" />
      <source>Male</source>
      <translation>男</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="207" />
      <source>Members</source>
      <translation>会员</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="55" />
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="56" />
      <source>Phone</source>
      <translation>手机号</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="60" />
      <source>Points</source>
      <translation>积分</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="65" />
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="64" />
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="82" />
      <source>The export was cancelled; no file was written.</source>
      <translation>导出已取消，没有写入文件。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="59" />
      <source>Tier</source>
      <translation>会员等级</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="61" />
      <source>Total spent (¥)</source>
      <translation>累计消费（元）</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="62" />
      <source>Visits</source>
      <translation>消费次数</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_export.py" line="138" />
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
      <location filename="../../desktop/cli/commands/member_export.py" line="39" />
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
      <location filename="../../desktop/domain/member_import.py" line="237" />
      <source>Row {row}: there is no tier called {tier}; the tier was left out.</source>
      <translation>第 {row} 行：没有名为“{tier}”的会员等级，已忽略该等级。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_import.py" line="70" />
      <source>Row {row}: {reason}</source>
      <translation>第 {row} 行：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/imports/errors.py" line="28" />
      <source>The import was cancelled; nothing was changed.</source>
      <translation>导入已取消，数据未作任何更改。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import.py" line="67" />
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
      <location filename="../../desktop/domain/member_import.py" line="203" />
      <source>a new member needs a name</source>
      <translation>新会员需要填写姓名</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_import.py" line="27" />
      <source>a phone already known (in the database or earlier in the file): skip the row, fill empty fields, or overwrite (default skip)</source>
      <translation>手机号已存在（数据库中或文件前面的行）时：跳过该行、补全空白字段或覆盖（默认跳过）</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import.py" line="245" />
      <source>a tag has more than {limit} characters</source>
      <translation>有标签超过 {limit} 个字</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import_writer.py" line="90" />
      <source>balance set by an import</source>
      <translation>导入调整积分余额</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import.py" line="164" />
      <source>choose skip, fill or overwrite</source>
      <translation>请选择跳过、补全或覆盖</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/member_import.py" line="18" />
      <source>import a member list (.xlsx, .xls, .ods, .csv)</source>
      <translation>导入会员名单（.xlsx、.xls、.ods、.csv）</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import_writer.py" line="58" />
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
      <location filename="../../desktop/domain/member_import_review.py" line="161" />
      <source>the phone is already a member, or is on an earlier row, and this row adds nothing new; skipped</source>
      <translation>该手机号已是会员或在前面的行中出现过，且本行没有新内容；已跳过</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import_review.py" line="159" />
      <source>the phone is already a member, or is on an earlier row; skipped</source>
      <translation>该手机号已是会员或在前面的行中出现过；已跳过</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import.py" line="204" />
      <source>the row with the same phone above was rejected</source>
      <translation>上方相同手机号的行已被拒绝</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import.py" line="253" />
      <source>{field}: {problem}</source>
      <translation>{field}：{problem}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_import_review.py" line="167" />
      <source>{name} - rejected rows</source>
      <translation>{name} - 未导入的行</translation>
    </message>
  </context>
  <context>
    <name>member_query</name>
    <message>
      <location filename="../../desktop/domain/member_query.py" line="86" />
      <source>Sort</source>
      <translation>排序</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/member_query.py" line="87" />
      <source>unknown sort; choose one of {keys}</source>
      <translation>未知的排序方式，可选：{keys}</translation>
    </message>
  </context>
  <context>
    <name>members</name>
    <message>
      <location filename="../../desktop/domain/members.py" line="160" />
      <location filename="../../desktop/views/members/member_dialog.py" line="163" />
      <source>Birthday</source>
      <translation>生日</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="340" />
      <source>Entry point</source>
      <translation>引流入口</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="312" />
      <location filename="../../desktop/views/members/member_dialog.py" line="163" />
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="269" />
      <source>Merge</source>
      <translation>合并</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="307" />
      <location filename="../../desktop/domain/members.py" line="309" />
      <location filename="../../desktop/views/members/member_dialog.py" line="162" />
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="318" />
      <location filename="../../desktop/views/members/member_dialog.py" line="165" />
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="363" />
      <location filename="../../desktop/views/entries/entry_dialog.py" line="198" />
      <location filename="../../desktop/views/members/member_dialog.py" line="164" />
      <location filename="../../desktop/views/members/tag_dialog.py" line="148" />
      <source>Tag</source>
      <translation>标签</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="317" />
      <location filename="../../desktop/views/members/member_dialog.py" line="164" />
      <source>WeChat</source>
      <translation>微信</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="140" />
      <source>at most {limit} characters</source>
      <translation>最多 {limit} 个字符</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="313" />
      <source>choose female, male or leave it empty</source>
      <translation>请选择女、男，或留空</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="270" />
      <source>choose two different members</source>
      <translation>请选择两位不同的会员</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="309" />
      <source>enter a name</source>
      <translation>请输入姓名</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="166" />
      <source>the year {year} is not possible</source>
      <translation>年份 {year} 不可能</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="171" />
      <source>there is no day {day} in month {month}</source>
      <translation>{month} 月没有 {day} 日</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="341" />
      <source>there is no entry point {id}</source>
      <translation>没有编号为 {id} 的引流入口</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/members.py" line="162" />
      <source>write it like 1990-05-03, 1990年5月3日 or 5月3日</source>
      <translation>请写成 1990-05-03、1990年5月3日 或 5月3日 这样的格式</translation>
    </message>
  </context>
  <context>
    <name>phones</name>
    <message>
      <location filename="../../desktop/domain/phones.py" line="69" />
      <location filename="../../desktop/views/members/member_dialog.py" line="162" />
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
    <name>posters</name>
    <message>
      <location filename="../../desktop/printing/entry_posters.py" line="21" />
      <source>Entry point</source>
      <translation>入口</translation>
    </message>
    <message>
      <location filename="../../desktop/printing/entry_posters.py" line="32" />
      <source>Join our members</source>
      <translation>欢迎加入本店会员</translation>
    </message>
    <message>
      <location filename="../../desktop/printing/posters.py" line="25" />
      <source>Scan to join — 10% off</source>
      <translation>扫码入会 立享9折</translation>
    </message>
    <message>
      <location filename="../../desktop/printing/posters.py" line="26" />
      <source>Scan with your phone camera or WeChat</source>
      <translation>用手机相机或微信扫一扫</translation>
    </message>
    <message>
      <location filename="../../desktop/printing/entry_posters.py" line="37" />
      <source>Your phone number is used only for this store's membership and offers.</source>
      <translation>手机号仅用于本店会员服务与优惠通知</translation>
    </message>
    <message>
      <location filename="../../desktop/printing/entry_posters.py" line="22" />
      <source>a counter entry point has no QR code</source>
      <translation>收银台入口没有二维码</translation>
    </message>
  </context>
  <context>
    <name>printing</name>
    <message>
      <location filename="../../desktop/printing/batch_cards.py" line="19" />
      <source>There is no coupon batch {batch}.</source>
      <translation>没有批次为 {batch} 的优惠券。</translation>
    </message>
    <message>
      <location filename="../../desktop/printing/batch_cards.py" line="49" />
      <source>Valid until {date}</source>
      <translation>有效期至 {date}</translation>
    </message>
  </context>
  <context>
    <name>purchases</name>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="320" />
      <location filename="../../desktop/views/members/purchase_dialog.py" line="142" />
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="306" />
      <location filename="../../desktop/domain/purchases.py" line="152" />
      <source>Member</source>
      <translation>会员</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="53" />
      <source>No member has the phone number {phone}.</source>
      <translation>没有手机号为 {phone} 的会员。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="314" />
      <location filename="../../desktop/views/members/purchase_dialog.py" line="145" />
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="294" />
      <source>Points expired</source>
      <translation>积分过期</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="74" />
      <source>Purchase {id} is a refund; a refund cannot be refunded.</source>
      <translation>记录 {id} 本身是退款，退款不能再退。</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/purchases.py" line="57" />
      <source>Purchase {id} recorded: {amount} yuan, {points} points earned; balance {balance} points.</source>
      <translation>已记录消费 {id}：{amount} 元，获得 {points} 积分；积分余额 {balance}。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="67" />
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
      <location filename="../../desktop/domain/purchases.py" line="200" />
      <location filename="../../desktop/views/members/history_models.py" line="113" />
      <location filename="../../desktop/views/members/history_models.py" line="124" />
      <source>Refund of purchase {id}</source>
      <translation>消费 {id} 的退款</translation>
    </message>
    <message>
      <location filename="../../desktop/cli/commands/purchases.py" line="27" />
      <source>Refund purchase ID in full and take back the points it earned (the balance may go below zero if they were spent). Exit code 1 when it was already refunded or does not exist.</source>
      <translation>为编号 ID 的消费全额退款并收回其所得积分（若积分已被使用，余额可能变为负数）。已退款或不存在时退出码为 1。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="60" />
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
      <location filename="../../desktop/domain/purchases.py" line="119" />
      <source>at most 1,000,000 yuan</source>
      <translation>最多 1,000,000 元</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="315" />
      <source>at most 200 characters</source>
      <translation>最多 200 个字符</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="108" />
      <source>at most two decimals (fen)</source>
      <translation>最多两位小数（精确到分）</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="105" />
      <location filename="../../desktop/domain/purchases.py" line="115" />
      <source>enter an amount in yuan, like 38.5</source>
      <translation>请输入以元为单位的金额，例如 38.5</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="117" />
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
      <location filename="../../desktop/domain/purchases.py" line="307" />
      <source>this member does not exist</source>
      <translation>该会员不存在</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/purchases.py" line="153" />
      <source>this member was deleted or merged</source>
      <translation>该会员已删除或已合并</translation>
    </message>
  </context>
  <context>
    <name>redemption</name>
    <message>
      <location filename="../../desktop/domain/redemption.py" line="238" />
      <source>Already done just now: nothing more to do.</source>
      <translation>刚刚已经核销过了，无需再操作。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/redemption.py" line="242" />
      <source>Already redeemed on {date} at {time} by {who}.</source>
      <translation>已于 {date} {time} 由 {who} 核销。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/redemption.py" line="140" />
      <source>Already redeemed.</source>
      <translation>已被核销。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/redemption.py" line="251" />
      <source>Expired on {date}.</source>
      <translation>已于 {date} 过期。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/redemption.py" line="116" />
      <source>Looks like a typo. Did you mean {code}?</source>
      <translation>可能输错了，您要找的是 {code} 吗？</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/redemption.py" line="255" />
      <source>Needs a bill of at least {minimum}; this bill is {amount}.</source>
      <translation>需消费满 {minimum}，本单为 {amount}。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/redemption.py" line="247" />
      <source>Not valid before {date}.</source>
      <translation>{date} 起才可使用。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/redemption.py" line="173" />
      <source>Only the desk that redeemed this coupon can undo it.</source>
      <translation>只有核销这张券的收银台才能撤销。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/redemption.py" line="133" />
      <source>Redeemed, with a bill of {amount}.</source>
      <translation>核销成功，账单金额 {amount}。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/redemption.py" line="131" />
      <source>Redeemed.</source>
      <translation>核销成功。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/redemption.py" line="165" />
      <source>There is no redemption to undo.</source>
      <translation>没有可撤销的核销。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/redemption.py" line="234" />
      <source>This coupon was voided.</source>
      <translation>这张券已作废。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/redemption.py" line="170" />
      <location filename="../../desktop/domain/redemption.py" line="190" />
      <source>This redemption was already undone.</source>
      <translation>这次核销已经撤销过了。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/redemption.py" line="176" />
      <source>Too late to undo: a redemption can be undone within 5 minutes.</source>
      <translation>已超时：核销只能在 5 分钟内撤销。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/redemption.py" line="285" />
      <source>Too many unknown codes at this desk. Wait {seconds} s before the next code.</source>
      <translation>本收银台输入了太多无效券码，请等待 {seconds} 秒再输入下一个。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/redemption.py" line="195" />
      <source>Undone: {code} can be redeemed again.</source>
      <translation>已撤销：{code} 可以再次核销。</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/redemption.py" line="113" />
      <source>Unknown code. Check the code and try again.</source>
      <translation>无效券码，请核对后重试。</translation>
    </message>
  </context>
  <context>
    <name>rules</name>
    <message>
      <location filename="../../desktop/domain/membership_rules.py" line="68" />
      <location filename="../../desktop/views/settings/rules_card.py" line="280" />
      <source>Points expiry</source>
      <translation>积分有效期</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/membership_rules.py" line="65" />
      <location filename="../../desktop/views/settings/rules_card.py" line="279" />
      <source>Points per yuan</source>
      <translation>每元积分</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/membership_rules.py" line="69" />
      <location filename="../../desktop/views/settings/rules_card.py" line="281" />
      <source>Sleeping after</source>
      <translation>沉睡判定</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/membership_rules.py" line="107" />
      <source>at most 20,000,000 yuan</source>
      <translation>最多 20,000,000 元</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/membership_rules.py" line="105" />
      <source>at most two decimals (fen)</source>
      <translation>最多两位小数（到分）</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/membership_rules.py" line="127" />
      <source>at most {high}</source>
      <translation>最大为 {high}</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/membership_rules.py" line="123" />
      <source>enter a whole number of at least {low}</source>
      <translation>请输入不小于 {low} 的整数</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/membership_rules.py" line="102" />
      <source>enter an amount in yuan, like 1000</source>
      <translation>请输入金额（元），例如 1000</translation>
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
    <name>signup</name>
    <message>
      <location filename="../../desktop/capture/signup.py" line="178" />
      <source>At most {limit} characters, please.</source>
      <translation>最多 {limit} 个字符。</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/pages.py" line="66" />
      <source>Become a member</source>
      <translation>加入会员</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/pages.py" line="52" />
      <source>Birthday (optional, e.g. 1990-05-03)</source>
      <translation>生日（选填，如 1990-05-03）</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/pages.py" line="54" />
      <source>I agree that the shop keeps my details and sends me member offers.</source>
      <translation>我同意本店保存我的信息并向我发送会员优惠。</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/pages.py" line="63" />
      <source>Join</source>
      <translation>立即入会</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/pages.py" line="50" />
      <source>Mobile number</source>
      <translation>手机号</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/pages.py" line="49" />
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/pages.py" line="56" />
      <source>Optional: I agree that partner shops may receive my details to send me their offers.</source>
      <translation>选填：我同意合作商家获得我的信息，以便向我发送他们的优惠。</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/signup.py" line="51" />
      <source>Please check the form.</source>
      <translation>请检查填写的内容。</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/signup.py" line="150" />
      <source>Please enter your name.</source>
      <translation>请填写姓名。</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/signup.py" line="174" />
      <source>Please remove the special characters.</source>
      <translation>请删除其中的特殊字符。</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/signup.py" line="164" />
      <source>Please tick this box to join.</source>
      <translation>请勾选此项以入会。</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/pages.py" line="59" />
      <source>Privacy notice</source>
      <translation>隐私说明</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/pages.py" line="80" />
      <source>Show this to the cashier.</source>
      <translation>结账时请出示给收银员。</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/app.py" line="107" />
      <source>Something went wrong. Please ask at the counter.</source>
      <translation>出错了，请到收银台咨询。</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/app.py" line="203" />
      <location filename="../../desktop/capture/app.py" line="107" />
      <source>Sorry</source>
      <translation>抱歉</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/pages.py" line="82" />
      <source>Thank you</source>
      <translation>谢谢</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/app.py" line="184" />
      <source>The form sent is too large.</source>
      <translation>提交的表单过大。</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/server.py" line="40" />
      <source>The sign-up page cannot listen on {address}: {reason}</source>
      <translation>入会页面无法在 {address} 上监听：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/app.py" line="119" />
      <source>This address is not served here.</source>
      <translation>此地址不由本服务提供。</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/app.py" line="133" />
      <location filename="../../desktop/capture/app.py" line="187" />
      <location filename="../../desktop/capture/app.py" line="182" />
      <location filename="../../desktop/capture/app.py" line="193" />
      <source>This request is not supported.</source>
      <translation>不支持此请求。</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/signup.py" line="42" />
      <source>This sign-up page does not exist.</source>
      <translation>此入会页面不存在。</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/app.py" line="198" />
      <source>This sign-up page does not exist. Please scan the QR code in the shop again.</source>
      <translation>此入会页面不存在。请在店内重新扫码。</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/app.py" line="122" />
      <source>Too many requests. Please wait a minute and try again.</source>
      <translation>请求过于频繁，请稍等一分钟再试。</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/signup.py" line="32" />
      <source>We keep your name, phone and birthday to send you member offers. We never sell them. Your data is shared with partner shops only if you tick that box. Ask us at the counter to see, change or delete your data at any time.</source>
      <translation>我们保存您的姓名、手机号和生日，用于向您发送会员优惠，绝不出售。只有在您勾选相应选项时，您的信息才会提供给合作商家。您可随时到收银台查看、修改或删除您的信息。</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/pages.py" line="72" />
      <source>Welcome back, {name}! You are already a member.</source>
      <translation>欢迎回来，{name}！您已经是会员了。</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/pages.py" line="74" />
      <source>Welcome, {name}! You are now a member.</source>
      <translation>欢迎，{name}！您已成为会员。</translation>
    </message>
    <message>
      <location filename="../../desktop/capture/pages.py" line="77" />
      <source>Your welcome coupon:</source>
      <translation>您的新人优惠券：</translation>
    </message>
  </context>
  <context>
    <name>store</name>
    <message>
      <location filename="../../desktop/domain/store.py" line="71" />
      <location filename="../../desktop/views/settings/page.py" line="307" />
      <source>Accent colour</source>
      <translation>辅助色</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="70" />
      <location filename="../../desktop/views/settings/page.py" line="306" />
      <source>Brand colour</source>
      <translation>品牌色</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="77" />
      <location filename="../../desktop/views/settings/page.py" line="309" />
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/store.py" line="94" />
      <location filename="../../desktop/domain/store.py" line="97" />
      <location filename="../../desktop/views/settings/page.py" line="308" />
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
      <location filename="../../desktop/views/settings/page.py" line="305" />
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
      <location filename="../../desktop/domain/tiers.py" line="134" />
      <location filename="../../desktop/views/settings/tier_editor.py" line="98" />
      <source>Basis</source>
      <translation>依据</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/membership_rules.py" line="93" />
      <location filename="../../desktop/domain/tiers.py" line="138" />
      <location filename="../../desktop/domain/tiers.py" line="119" />
      <location filename="../../desktop/views/settings/tier_editor.py" line="99" />
      <source>Threshold</source>
      <translation>门槛</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="128" />
      <location filename="../../desktop/domain/tiers.py" line="131" />
      <location filename="../../desktop/domain/tiers.py" line="111" />
      <location filename="../../desktop/views/settings/tier_editor.py" line="97" />
      <source>Tier name</source>
      <translation>等级名称</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="106" />
      <source>Tiers</source>
      <translation>会员等级</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="106" />
      <source>at most 20 tiers</source>
      <translation>最多 20 个等级</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="132" />
      <source>at most 40 characters</source>
      <translation>最多 40 个字符</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="135" />
      <source>choose cumulative spend or points</source>
      <translation>请选择累计消费或积分</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="128" />
      <source>enter a name</source>
      <translation>请输入名称</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="139" />
      <source>enter a whole number of at least 0</source>
      <translation>请输入不小于 0 的整数</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="119" />
      <source>must be higher than for {tier}, the tier below it</source>
      <translation>必须高于低一级「{tier}」的门槛</translation>
    </message>
    <message>
      <location filename="../../desktop/domain/tiers.py" line="112" />
      <source>two tiers have the same name</source>
      <translation>有两个等级同名</translation>
    </message>
  </context>
</TS>
