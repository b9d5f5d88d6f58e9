<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>Actions</name>
    <message>
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source> 小时</source>
      <translation> h</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>{by} {at} 申请延期 {hours:g} 小时：{reason}</source>
      <translation>{by} asked at {at} for {hours:g} h more: {reason}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <source>{status}的警情不能{op}</source>
      <translation>An incident that is {status} cannot be: {op}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <source>{status}的警情不能申请延期</source>
      <translation>An incident that is {status} cannot get an extension</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <source>{status}的警情不能督办</source>
      <translation>An incident that is {status} cannot be supervised</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <source>{status}的警情尚不能回访（反馈后才可回访）</source>
      <translation>An incident that is {status} cannot be called back yet (only after feedback)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/dialog_base.py" />
      <source>{title} (Enter)</source>
      <translation>{title} (Enter)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/dialog_base.py" />
      <source>{title} — {id}</source>
      <translation>{title} — {id}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/dialog_base.py" />
      <source>{what}。再按 Enter 确认，Esc 取消。</source>
      <translation>{what}. Press Enter again to confirm, Esc to cancel.</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>不批准</source>
      <translation>Reject</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <source>不能审批自己的延期申请</source>
      <translation>You cannot decide your own extension request</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <source>仅已反馈（核查）或待核查（办结）的警情；当前{status}</source>
      <translation>Only incidents with feedback (verify) or awaiting verification (close); now {status}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/correction_dialogs.py" />
      <source>优先级</source>
      <translation>Priority</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/correction_dialogs.py" />
      <source>优先级未改变：按 1–4 选择</source>
      <translation>Priority unchanged: press 1–4</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/void_dialog.py" />
      <source>作为重复警情关联到原警情；输入编号或地址查找</source>
      <translation>Link as a duplicate of the original incident; type its number or address</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <location filename="../../../console/ui/actions/void_dialog.py" />
      <source>作废</source>
      <translation>Void</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/void_dialog.py" />
      <source>作废后警情即终结，不能恢复</source>
      <translation>A voided incident is final and cannot be restored</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>决定</source>
      <translation>Decision</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <location filename="../../../console/ui/actions/close_dialog.py" />
      <source>办结</source>
      <translation>Close</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/close_dialog.py" />
      <source>办结后警情即终结，不能恢复</source>
      <translation>A closed incident is final and cannot be reopened</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/void_dialog.py" />
      <source>原警情</source>
      <translation>Original incident</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/close_dialog.py" />
      <source>反馈</source>
      <translation>Feedback</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/dialog_base.py" />
      <source>取消 (Esc)</source>
      <translation>Cancel (Esc)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <source>受理</source>
      <translation>Accept</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>回访</source>
      <translation>Callback</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/correction_dialogs.py" />
      <source>地址未改变</source>
      <translation>Address unchanged</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/close_dialog.py" />
      <source>处理结果</source>
      <translation>Outcome</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <source>延期</source>
      <translation>Extension</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>延期审批</source>
      <translation>Extension decision</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>延期申请</source>
      <translation>Extension request</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>延长</source>
      <translation>Extend</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>当前</source>
      <translation>Current</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/correction_dialogs.py" />
      <source>当前地址</source>
      <translation>Current address</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/correction_dialogs.py" />
      <source>当前类别</source>
      <translation>Current category</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/dialog_base.py" />
      <source>必填：写明原因</source>
      <translation>Required: state the reason</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/close_dialog.py" />
      <source>必填：处置经过与结果</source>
      <translation>Required: what was done and the result</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/correction_dialogs.py" />
      <source>必填：补充的情况</source>
      <translation>Required: the additional information</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>批准</source>
      <translation>Approve</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>报警人</source>
      <translation>Caller</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/close_dialog.py" />
      <source>按 1–{n} 选处理结果，Tab 到处理情况</source>
      <translation>Press 1–{n} for the outcome, Tab to the details</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>撤回人员</source>
      <translation>Withdraw</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>撤回后该人员的任务即终止，不能恢复（需重新派遣）</source>
      <translation>Withdrawing ends this person's task for good (dispatch again if needed)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>撤回派遣</source>
      <translation>Withdraw dispatch</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <location filename="../../../console/ui/actions/correction_dialogs.py" />
      <source>改址</source>
      <translation>Change address</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <location filename="../../../console/ui/actions/correction_dialogs.py" />
      <source>改类</source>
      <translation>Change category</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <location filename="../../../console/ui/actions/correction_dialogs.py" />
      <source>改级</source>
      <translation>Change priority</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/correction_dialogs.py" />
      <source>新地址 *</source>
      <translation>New address *</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/correction_dialogs.py" />
      <source>新类别 *</source>
      <translation>New category *</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/void_dialog.py" />
      <source>无原警情（非重复，如误报、骚扰）</source>
      <translation>No original incident (not a duplicate, e.g. false alarm, nuisance)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/buttons.py" />
      <source>更多</source>
      <translation>More</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/correction_dialogs.py" />
      <source>未匹配标准地址，也认不出道路名：请从列表选择标准地址，或写明所在道路</source>
      <translation>No standard address matched and no road recognised: pick a standard address or name the road</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <source>未选择警情</source>
      <translation>No incident selected</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <source>核查</source>
      <translation>Verify</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <source>核查/办结</source>
      <translation>Verify/Close</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <source>没有可撤回的派遣</source>
      <translation>No dispatch to withdraw</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <source>没有待审批的延期申请</source>
      <translation>No pending extension request</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <source>派遣</source>
      <translation>Dispatch</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>满意度</source>
      <translation>Satisfaction</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>申请</source>
      <translation>Request</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>督办</source>
      <translation>Supervise</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>督办级别</source>
      <translation>Supervision level</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/dialog_base.py" />
      <source>确认{title} (Enter)</source>
      <translation>Confirm {title} (Enter)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/correction_dialogs.py" />
      <source>类别未改变</source>
      <translation>Category unchanged</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/refer_dialog.py" />
      <source>职能部门 *</source>
      <translation>Department *</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <location filename="../../../console/ui/actions/correction_dialogs.py" />
      <source>补充</source>
      <translation>Note</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/dialog_base.py" />
      <source>请填写原因</source>
      <translation>Enter a reason</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/correction_dialogs.py" />
      <source>请填写新地址</source>
      <translation>Enter the new address</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/correction_dialogs.py" />
      <source>请选择新类别：输入代码或名称，↓ 选择</source>
      <translation>Choose the new category: type a code or name, ↓ to pick</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/refer_dialog.py" />
      <source>请选择职能部门</source>
      <translation>Choose a department</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <location filename="../../../console/ui/actions/refer_dialog.py" />
      <source>转办</source>
      <translation>Refer</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/refer_dialog.py" />
      <source>输入代码或名称，如 6006 或 城管</source>
      <translation>Type a code or name, e.g. 6006 or 城管</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/correction_dialogs.py" />
      <source>输入类别代码（如 2001）或名称（如 斗殴）</source>
      <translation>Type a category code (e.g. 2001) or name (e.g. 斗殴)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/correction_dialogs.py" />
      <source>输入路名、门牌、小区或网格，↓ 选择标准地址</source>
      <translation>Type a road, house number, estate or grid; ↓ to pick a standard address</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/refer_dialog.py" />
      <source>输入部门代码或名称查找</source>
      <translation>Type a department code or name</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/availability.py" />
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>返工</source>
      <translation>Rework</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/dialog_base.py" />
      <source>选填</source>
      <translation>Optional</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/void_dialog.py" />
      <source>重复警情</source>
      <translation>Duplicate</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/refer_dialog.py" />
      <source>非警务警情（{category}），转{department}处置</source>
      <translation>Non-police matter ({category}), referred to {department}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/refer_dialog.py" />
      <source>非警务警情，转{department}处置</source>
      <translation>Non-police matter, referred to {department}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/step_dialogs.py" />
      <source>（无来电号码）</source>
      <translation>(no caller number)</translation>
    </message>
  </context>
  <context>
    <name>Admin</name>
    <message>
      <location filename="../../../console/ui/admin/panel.py" />
      <source>{label}失败：{why}</source>
      <translation>{label} failed: {why}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>两次输入的密码不一致。</source>
      <translation>The two passwords differ.</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>代码，逗号分隔；空为不限</source>
      <translation>Codes, comma-separated; empty for all</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>全部部门（12345 平台）</source>
      <translation>All departments (12345 platform)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>关联人员</source>
      <translation>Related persons</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>初始密码 *</source>
      <translation>Initial password *</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <location filename="../../../console/ui/admin/model.py" />
      <source>姓名</source>
      <translation>Name</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/panel.py" />
      <source>已{label}：{name}</source>
      <translation>{label} done: {name}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/panel.py" />
      <source>新建账户</source>
      <translation>New account</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>新角色</source>
      <translation>New role</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/model.py" />
      <source>最近登录</source>
      <translation>Last login</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/panel.py" />
      <source>正在{label}：{name}…</source>
      <translation>{label}: {name}…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>派出所</source>
      <translation>Police station</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/model.py" />
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/model.py" />
      <source>用户名</source>
      <translation>Username</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>用户名 *</source>
      <translation>Username *</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>确定</source>
      <translation>OK</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>确认密码 *</source>
      <translation>Confirm password *</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/launch.py" />
      <source>管理(&amp;G)</source>
      <translation>Mana&amp;ge</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>绑定人员（外勤网关）</source>
      <translation>Linked person (field gateway)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>网格</source>
      <translation>Grid</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>网格员、社区民警：花名册编号</source>
      <translation>Grid worker, community officer: roster ID</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>职能部门</source>
      <translation>Department</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/model.py" />
      <source>范围</source>
      <translation>Scope</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/model.py" />
      <source>角色</source>
      <translation>Role</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>角色 *</source>
      <translation>Role *</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>警格</source>
      <translation>Police grid</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>请填写用户名。</source>
      <translation>Enter a username.</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/launch.py" />
      <source>账号管理</source>
      <translation>Accounts</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>选择一个，或输入多个代码（逗号分隔）</source>
      <translation>Pick one, or type several codes (comma-separated)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>（不限）</source>
      <translation>(any)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/admin/form.py" />
      <source>（无）</source>
      <translation>(none)</translation>
    </message>
  </context>
  <context>
    <name>AlertListView</name>
    <message>
      <location filename="../../../console/ui/alerts/view.py" />
      <source>全部确认</source>
      <translation>Acknowledge all</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/view.py" />
      <source>关闭/打开告警声音 (Ctrl+M)</source>
      <translation>Mute/unmute alert sound (Ctrl+M)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/view.py" />
      <source>已静音 Ctrl+M</source>
      <translation>Muted Ctrl+M</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/view.py" />
      <source>无未确认告警</source>
      <translation>No unacknowledged alerts</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/view.py" />
      <source>未确认 {n} 条 · 最高 {shape} {label}</source>
      <translation>{n} unacknowledged · highest {shape} {label}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/view.py" />
      <source>确认</source>
      <translation>Acknowledge</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/view.py" />
      <source>确认全部告警 (Ctrl+A)</source>
      <translation>Acknowledge all alerts (Ctrl+A)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/view.py" />
      <source>确认选中的告警 (Enter)</source>
      <translation>Acknowledge the selected alert (Enter)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/view.py" />
      <source>静音</source>
      <translation>Mute</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/view.py" />
      <source>静音 Ctrl+M</source>
      <translation>Mute Ctrl+M</translation>
    </message>
  </context>
  <context>
    <name>Alerts</name>
    <message>
      <location filename="../../../console/ui/alerts/derive.py" />
      <source>{name} 紧急求助 {grid}</source>
      <translation>{name} SOS {grid}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/derive.py" />
      <source>{p}级新警情 {where}</source>
      <translation>New P{p} incident {where}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/derive.py" />
      <source>{stage}{verdict}（{level}） {where}</source>
      <translation>{stage} {verdict} ({level}) {where}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/model.py" />
      <source>内容</source>
      <translation>Content</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/derive.py" />
      <source>即将超时</source>
      <translation>Due soon</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/derive.py" />
      <source>工单超期 {kind} · {target} · {name}</source>
      <translation>Order overdue {kind} · {target} · {name}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/model.py" />
      <source>已确认</source>
      <translation>Acknowledged</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/model.py" />
      <source>时间</source>
      <translation>Time</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/model.py" />
      <source>未确认</source>
      <translation>Unacknowledged</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/model.py" />
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/model.py" />
      <source>级别</source>
      <translation>Level</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/derive.py" />
      <source>超时</source>
      <translation>Overdue</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/derive.py" />
      <source>转办{dept}超期未反馈（{level}） {where}</source>
      <translation>Referral to {dept} overdue without feedback ({level}) {where}</translation>
    </message>
  </context>
  <context>
    <name>App</name>
    <message>
      <location filename="../../../console/ui/app.py" />
      <source>警网融合指挥台</source>
      <translation>Jingwang Command Console</translation>
    </message>
  </context>
  <context>
    <name>BulkAccept</name>
    <message>
      <location filename="../../../console/ui/actions/bulk_accept.py" />
      <source>受理所选</source>
      <translation>Accept selected</translation>
    </message>
    <message>
      <location filename="../../../console/ui/actions/bulk_accept.py" />
      <source>受理所选 (Shift+F2)：队列中按 Ctrl/Shift 多选的新建警情逐条受理</source>
      <translation>Accept selected (Shift+F2): accepts each new incident selected with Ctrl/Shift in the queue</translation>
    </message>
  </context>
  <context>
    <name>Calls</name>
    <message>
      <location filename="../../../console/ui/calls/wall.py" />
      <source>{code} {name}（在岗 {n} 人）</source>
      <translation>{code} {name} ({n} on duty)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/wall.py" />
      <source>{n} 画面</source>
      <translation>{n} tiles</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/wall.py" />
      <source>{n}秒</source>
      <translation>{n} s</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/group.py" />
      <source>○ 未讲话</source>
      <translation>○ Not talking</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/group.py" />
      <source>● 正在讲话</source>
      <translation>● Talking</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/tile.py" />
      <source>关闭/打开对方声音</source>
      <translation>Mute/unmute the other side</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/wall.py" />
      <source>呼叫一个网格全部在岗人员（按住空格讲话）</source>
      <translation>Call everyone on duty in a grid (hold Space to talk)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/status.py" />
      <source>呼叫中 {t}</source>
      <translation>Calling {t}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/status.py" />
      <source>呼叫失败</source>
      <translation>Call failed</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/status.py" />
      <source>对方忙</source>
      <translation>Callee busy</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/status.py" />
      <source>对方拒绝</source>
      <translation>Callee declined</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/status.py" />
      <source>已接通 {t}</source>
      <translation>Connected {t}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/status.py" />
      <source>已结束</source>
      <translation>Ended</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/status.py" />
      <source>已退出</source>
      <translation>Left</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/incoming.py" />
      <source>拒绝</source>
      <translation>Declined</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/tile.py" />
      <source>挂断</source>
      <translation>Hang up</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/group.py" />
      <source>按住讲话 (空格)</source>
      <translation>Push to talk (Space)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/group.py" />
      <source>按住说话，松开停止；视频墙有焦点时也可按住空格键</source>
      <translation>Hold to talk, release to stop; Space works too while the video wall has focus</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/incoming.py" />
      <source>接听</source>
      <translation>Answer</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/tile.py" />
      <source>放大</source>
      <translation>Enlarge</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/tile.py" />
      <source>放大到整个视频墙 / 还原（双击画面）</source>
      <translation>Fill the video wall / restore (double-click the tile)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/status.py" />
      <source>无人接听</source>
      <translation>No answer</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/status.py" />
      <source>无权呼叫</source>
      <translation>Not allowed to call</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/status.py" />
      <source>无法接通</source>
      <translation>Unreachable</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/wall.py" />
      <source>无通话</source>
      <translation>No calls</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/incoming.py" />
      <source>来电：{who}（{media}）{rang}</source>
      <translation>Incoming: {who} ({media}) {rang}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/tile.py" />
      <source>空闲</source>
      <translation>Idle</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/tile.py" />
      <source>等待画面…</source>
      <translation>Waiting for video…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/group.py" />
      <source>结束整个组呼</source>
      <translation>End the whole group call</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/group.py" />
      <source>结束组呼</source>
      <translation>End group call</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/tile.py" />
      <source>结束这路通话</source>
      <translation>End this call</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/status.py" />
      <source>视频</source>
      <translation>Video</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/wall.py" />
      <source>视频墙 {n} 画面 ({key})</source>
      <translation>Video wall {n} tiles ({key})</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/wall.py" />
      <source>视频墙已满（最多 9 路），请先挂断一路</source>
      <translation>The video wall is full (at most 9); hang up one call first</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/wall.py" />
      <source>该网格当前没有在岗人员</source>
      <translation>No one is on duty in this grid</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/status.py" />
      <source>语音</source>
      <translation>Voice</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/wall.py" />
      <source>语音组呼</source>
      <translation>Group voice call</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/wall.py" />
      <source>语音组呼：{grid}（{n} 人）</source>
      <translation>Group voice call: {grid} ({n} people)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/tile.py" />
      <source>语音通话</source>
      <translation>Voice call</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/tile.py" />
      <source>还原</source>
      <translation>Restore</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/status.py" />
      <source>连接中断</source>
      <translation>Disconnected</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/status.py" />
      <source>连接失败</source>
      <translation>Connection failed</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/wall.py" />
      <source>通话 {n} 路</source>
      <translation>{n} calls</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/wall.py" />
      <source>通话服务未启动，无法呼叫</source>
      <translation>The call service is not running; cannot call</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/tile.py" />
      <source>静音</source>
      <translation>Mute</translation>
    </message>
  </context>
  <context>
    <name>Close</name>
    <message>
      <location filename="../../../console/ui/close_guard.py" />
      <source>仅关闭本窗口 (Enter)</source>
      <translation>Close this window only (Enter)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/close_guard.py" />
      <source>仅关闭本窗口：中继与模拟器继续运行，在终端按 Ctrl+C 结束。</source>
      <translation>Close this window only: the relay and simulator keep running; press Ctrl+C in the terminal to stop them.</translation>
    </message>
    <message>
      <location filename="../../../console/ui/close_guard.py" />
      <source>仍然关闭</source>
      <translation>Close anyway</translation>
    </message>
    <message>
      <location filename="../../../console/ui/close_guard.py" />
      <source>全部关闭</source>
      <translation>Close all</translation>
    </message>
    <message>
      <location filename="../../../console/ui/close_guard.py" />
      <source>关闭指挥台？</source>
      <translation>Close the console?</translation>
    </message>
    <message>
      <location filename="../../../console/ui/close_guard.py" />
      <source>关闭演示中继？</source>
      <translation>Stop the demo relay?</translation>
    </message>
    <message>
      <location filename="../../../console/ui/close_guard.py" />
      <source>取消 (Esc)</source>
      <translation>Cancel (Esc)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/close_guard.py" />
      <source>另有 {n} 个席位连接到本中继，关闭将断开它们。</source>
      <translation>{n} other desks are connected to this relay; closing disconnects them.</translation>
    </message>
    <message>
      <location filename="../../../console/ui/close_guard.py" />
      <source>接警</source>
      <translation>Intake</translation>
    </message>
    <message>
      <location filename="../../../console/ui/close_guard.py" />
      <source>本席位还有未完成的工作：</source>
      <translation>This desk has unfinished work:</translation>
    </message>
    <message>
      <location filename="../../../console/ui/close_guard.py" />
      <source>派遣</source>
      <translation>Dispatch</translation>
    </message>
    <message>
      <location filename="../../../console/ui/close_guard.py" />
      <source>返回处理 (Enter/Esc)</source>
      <translation>Back to work (Enter/Esc)</translation>
    </message>
  </context>
  <context>
    <name>ConnectionBanner</name>
    <message>
      <location filename="../../../console/ui/connection/banner.py" />
      <source>已重新连接，正在补收断线期间的事件…</source>
      <translation>Reconnected, fetching the events missed while offline…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/connection/banner.py" />
      <source>已重新连接，补收 {n} 条事件</source>
      <translation>Reconnected, {n} missed events fetched</translation>
    </message>
  </context>
  <context>
    <name>Console</name>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>{n}分钟前</source>
      <translation>{n} min ago</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>{n}小时前</source>
      <translation>{n} h ago</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>{n}秒前</source>
      <translation>{n} s ago</translation>
    </message>
  </context>
  <context>
    <name>ConsoleStatusBar</name>
    <message>
      <location filename="../../../console/ui/status_bar.py" />
      <source>中继</source>
      <translation>Relay</translation>
    </message>
    <message>
      <location filename="../../../console/ui/status_bar.py" />
      <source>事件 {r:.1f}/秒</source>
      <translation>Events {r:.1f}/s</translation>
    </message>
    <message>
      <location filename="../../../console/ui/status_bar.py" />
      <source>告警</source>
      <translation>Alerts</translation>
    </message>
    <message>
      <location filename="../../../console/ui/status_bar.py" />
      <source>已连接</source>
      <translation>Connected</translation>
    </message>
    <message>
      <location filename="../../../console/ui/status_bar.py" />
      <source>未连接</source>
      <translation>Not connected</translation>
    </message>
    <message>
      <location filename="../../../console/ui/status_bar.py" />
      <source>连接中</source>
      <translation>Connecting</translation>
    </message>
    <message>
      <location filename="../../../console/ui/status_bar.py" />
      <source>须修改初始密码</source>
      <translation>Initial password must be changed</translation>
    </message>
  </context>
  <context>
    <name>Dispatch</name>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>{n} 分</source>
      <translation>{n} pts</translation>
    </message>
  </context>
  <context>
    <name>DispatchDialog</name>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source> (本网格)</source>
      <translation> (this grid)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>{name} 当前{status}。再按 Enter 仍然派遣，Esc 取消。</source>
      <translation>{name} is {status}. Press Enter again to dispatch anyway, Esc to cancel.</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>{name} 正在处置 {id}（负荷 {load}）。再按 Enter 强制派遣，Esc 取消。</source>
      <translation>{name} is handling {id} (load {load}). Press Enter again to force dispatch, Esc to cancel.</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>{name}：{flag}，本警情尚无警力主办。再按 Enter 仍然派遣，Esc 取消。</source>
      <translation>{name}: {flag}; no police unit leads this incident yet. Press Enter again to dispatch anyway, Esc to cancel.</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>{what}。再按 Enter 仍然派遣 {name}，Esc 取消。</source>
      <translation>{what}. Press Enter again to dispatch {name} anyway, Esc to cancel.</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>{what}。再按 Enter 仍然派遣，Esc 取消。</source>
      <translation>{what}. Press Enter again to dispatch anyway, Esc to cancel.</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>仍然派遣 (Enter)</source>
      <translation>Dispatch anyway (Enter)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>取消 (Esc)</source>
      <translation>Cancel (Esc)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>名称</source>
      <translation>Name</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>已派：</source>
      <translation>Dispatched:</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>已由 {by} 于 {at} 派遣 {name}</source>
      <translation>{name} dispatched by {by} at {at}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>当前任务</source>
      <translation>Current task</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>忙 {id}</source>
      <translation>Busy {id}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>推荐理由</source>
      <translation>Why suggested</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>提示</source>
      <translation>Flags</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>没有可派遣的人员</source>
      <translation>No one available to dispatch</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>派遣 (Enter)</source>
      <translation>Dispatch (Enter)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>派遣 — {id}</source>
      <translation>Dispatch — {id}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>空闲</source>
      <translation>Idle</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>网格</source>
      <translation>Grid</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>负荷</source>
      <translation>Load</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>距离</source>
      <translation>Distance</translation>
    </message>
    <message>
      <location filename="../../../console/ui/dispatch_dialog.py" />
      <source>预计</source>
      <translation>ETA</translation>
    </message>
  </context>
  <context>
    <name>Docks</name>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>信息推送</source>
      <translation>Notices</translation>
    </message>
    <message>
      <location filename="../../../console/ui/alerts/dock.py" />
      <source>告警</source>
      <translation>Alerts</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/dock.py" />
      <source>审核入库</source>
      <translation>Review</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dock.py" />
      <source>派单</source>
      <translation>Orders</translation>
    </message>
    <message>
      <location filename="../../../console/ui/calls/dock.py" />
      <source>视频连线</source>
      <translation>Video calls</translation>
    </message>
    <message>
      <location filename="../../../console/ui/units/dock.py" />
      <source>警力状态</source>
      <translation>Police units</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>预警</source>
      <translation>Warnings</translation>
    </message>
  </context>
  <context>
    <name>Domain</name>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>110电话</source>
      <translation>110 call</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>12345转入</source>
      <translation>From 12345</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>一级</source>
      <translation>P1</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>三级</source>
      <translation>P3</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>下班</source>
      <translation>Off duty</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>二级</source>
      <translation>P2</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>交通管制</source>
      <translation>Traffic control</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>人口</source>
      <translation>Person</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>人员在岗位置</source>
      <translation>On-duty positions</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>休整</source>
      <translation>Resting</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>值班长</source>
      <translation>Shift leader</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>入户走访</source>
      <translation>Home visit</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>全体网格员</source>
      <translation>All grid workers</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>到场</source>
      <translation>On scene</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>办理</source>
      <translation>Handling</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>单位</source>
      <translation>Unit</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>受理</source>
      <translation>Accept</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>四级</source>
      <translation>P4</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>在岗</source>
      <translation>On duty</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>处置</source>
      <translation>Handling</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>处置中</source>
      <translation>In progress</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>外勤网关</source>
      <translation>Field gateway</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>失效</source>
      <translation>Revoked</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>失联</source>
      <translation>Lost contact</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>实有人口</source>
      <translation>Residents</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>实有单位</source>
      <translation>Organisations</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>实有房屋</source>
      <translation>Houses</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>就近</source>
      <translation>Nearest</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>巡查</source>
      <translation>Patrol</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>巡逻发现</source>
      <translation>Patrol found</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <location filename="../../../console/ui/units/board.py" />
      <source>巡逻警组</source>
      <translation>Patrol unit</translation>
    </message>
    <message>
      <location filename="../../../console/ui/units/board.py" />
      <source>巡逻车</source>
      <translation>Patrol car</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>工单超期</source>
      <translation>Order overdue</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>已作废</source>
      <translation>Void</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>已入库</source>
      <translation>Stored</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>已办结</source>
      <translation>Closed</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>已反馈</source>
      <translation>Feedback given</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>已推送</source>
      <translation>Sent</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>已撤回</source>
      <translation>Withdrawn</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>已撤销</source>
      <translation>Cancelled</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>已派</source>
      <translation>Assigned</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>已派发</source>
      <translation>Issued</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>已派遣</source>
      <translation>Dispatched</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>已签收</source>
      <translation>Signed</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>已转办</source>
      <translation>Referred</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>已退回</source>
      <translation>Returned</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>待审核</source>
      <translation>To review</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>待提交</source>
      <translation>Draft</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>待核查</source>
      <translation>To verify</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>急救</source>
      <translation>First aid</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>房屋</source>
      <translation>House</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>执法</source>
      <translation>Law enforcement</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>执行任务</source>
      <translation>On task</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>扫码</source>
      <translation>Scans</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>指挥调度员</source>
      <translation>Dispatcher</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>提醒</source>
      <translation>Notice</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>教官</source>
      <translation>Trainer</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>新建</source>
      <translation>New</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>新警情</source>
      <translation>New incident</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>时限</source>
      <translation>Time limits</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>普通</source>
      <translation>Normal</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>普通督办</source>
      <translation>Supervised</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>未在岗</source>
      <translation>Off duty</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>未知</source>
      <translation>Unknown</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>本警格民警</source>
      <translation>Police grid officer</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>标准地址</source>
      <translation>Standard address</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>核查</source>
      <translation>Verify</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>核查人员</source>
      <translation>Verify person</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>核查房屋</source>
      <translation>Verify house</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>正常</source>
      <translation>Normal</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>步行</source>
      <translation>On foot</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>熟悉社区</source>
      <translation>Knows the community</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>生效</source>
      <translation>Active</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>电动车</source>
      <translation>E-bike</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>电子围栏</source>
      <translation>Geofences</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>矛盾纠纷</source>
      <translation>Dispute</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>矛盾调解</source>
      <translation>Mediation</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>社区</source>
      <translation>Community</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <location filename="../../../console/ui/units/board.py" />
      <source>社区民警</source>
      <translation>Community officer</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>空闲</source>
      <translation>Idle</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>管理员</source>
      <translation>Administrator</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>系统</source>
      <translation>System</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>紧急</source>
      <translation>Urgent</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>紧急求助</source>
      <translation>SOS</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>红牌</source>
      <translation>Red card</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>红牌督办</source>
      <translation>Red-card supervision</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>网格</source>
      <translation>Grid</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>网格员</source>
      <translation>Grid worker</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>网格员上报</source>
      <translation>Grid worker report</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>网格属性</source>
      <translation>Grid attributes</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>网格职务</source>
      <translation>Grid posts</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>群众扫码</source>
      <translation>Public e-code</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>视频发现</source>
      <translation>Video detection</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>警力</source>
      <translation>Police units</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>警情</source>
      <translation>Incidents</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>警格</source>
      <translation>Police grid</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>警械</source>
      <translation>Police equipment</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>警组终端</source>
      <translation>Unit terminal</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>警车</source>
      <translation>Patrol car</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>调解</source>
      <translation>Mediation</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>责任网格员</source>
      <translation>Responsible grid worker</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>账户安全</source>
      <translation>Account security</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>走访</source>
      <translation>Visit</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>转办超期</source>
      <translation>Referral overdue</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <location filename="../../../console/ui/units/board.py" />
      <source>辅警</source>
      <translation>Auxiliary officer</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>途中</source>
      <translation>En route</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>部门联络员</source>
      <translation>Department liaison</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>重要</source>
      <translation>Important</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>隐患</source>
      <translation>Hazard</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>预警</source>
      <translation>Warnings</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>风险预警</source>
      <translation>Risk warnings</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>黄牌</source>
      <translation>Yellow card</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>黄牌督办</source>
      <translation>Yellow-card supervision</translation>
    </message>
  </context>
  <context>
    <name>EventLog</name>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>上岗</source>
      <translation>On duty</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>下岗</source>
      <translation>Off duty</translation>
    </message>
    <message>
      <location filename="../../../console/ui/event_log.py" />
      <source>不在线</source>
      <translation>Offline</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>信息推送</source>
      <translation>Notices</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>修改密码</source>
      <translation>Change password</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>修改范围</source>
      <translation>Change scope</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>修改角色</source>
      <translation>Change role</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>关注区域</source>
      <translation>Watch area</translation>
    </message>
    <message>
      <location filename="../../../console/ui/event_log.py" />
      <source>内容</source>
      <translation>Content</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>删除书签</source>
      <translation>Delete bookmark</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>删除区域</source>
      <translation>Delete area</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>呼叫</source>
      <translation>Call</translation>
    </message>
    <message>
      <location filename="../../../console/ui/event_log.py" />
      <source>呼叫取消</source>
      <translation>Call cancelled</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>回放书签</source>
      <translation>Replay bookmarks</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>定位</source>
      <translation>Locate</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>审核入库</source>
      <translation>Review</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>审核退回</source>
      <translation>Review returned</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>导入基础数据</source>
      <translation>Import reference data</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>导入网格</source>
      <translation>Grids imported</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>工单反馈</source>
      <translation>Order feedback</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>工单撤销</source>
      <translation>Order cancelled</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>工单签收</source>
      <translation>Order signed</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>工单退回</source>
      <translation>Order returned</translation>
    </message>
    <message>
      <location filename="../../../console/ui/event_log.py" />
      <source>已存到中继</source>
      <translation>Stored on the relay</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>录音已存储</source>
      <translation>Recording stored</translation>
    </message>
    <message>
      <location filename="../../../console/ui/event_log.py" />
      <source>忙</source>
      <translation>Busy</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>扫码计数</source>
      <translation>Scan counts</translation>
    </message>
    <message>
      <location filename="../../../console/ui/event_log.py" />
      <location filename="../../../console/ui/texts.py" />
      <source>拒接</source>
      <translation>Decline</translation>
    </message>
    <message>
      <location filename="../../../console/ui/event_log.py" />
      <source>挂断</source>
      <translation>Hang up</translation>
    </message>
    <message>
      <location filename="../../../console/ui/event_log.py" />
      <source>指挥中心</source>
      <translation>Command centre</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>接通</source>
      <translation>Connected</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>撤销重点人员</source>
      <translation>Remove key person</translation>
    </message>
    <message>
      <location filename="../../../console/ui/event_log.py" />
      <source>操作人</source>
      <translation>Operator</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>新建账户</source>
      <translation>New account</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>新警情</source>
      <translation>New incident</translation>
    </message>
    <message>
      <location filename="../../../console/ui/event_log.py" />
      <source>无人接听</source>
      <translation>No answer</translation>
    </message>
    <message>
      <location filename="../../../console/ui/event_log.py" />
      <source>时间</source>
      <translation>Time</translation>
    </message>
    <message>
      <location filename="../../../console/ui/event_log.py" />
      <source>未呼叫：</source>
      <translation>Not called:</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>档案注销</source>
      <translation>Record revoked</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>求助解除</source>
      <translation>SOS cleared</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>派单</source>
      <translation>Orders</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>电子围栏</source>
      <translation>Geofences</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>登录</source>
      <translation>Log in</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>登录失败</source>
      <translation>Login failed</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>登记重点人员</source>
      <translation>Register key person</translation>
    </message>
    <message>
      <location filename="../../../console/ui/event_log.py" />
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>紧急求助</source>
      <translation>SOS</translation>
    </message>
    <message>
      <location filename="../../../console/ui/event_log.py" />
      <source>视频</source>
      <translation>Video</translation>
    </message>
    <message>
      <location filename="../../../console/ui/event_log.py" />
      <source>语音</source>
      <translation>Voice</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>调处分级</source>
      <translation>Mediation level</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>账户停用</source>
      <translation>Account disabled</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>账户启用</source>
      <translation>Account enabled</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>账户解锁</source>
      <translation>Account unlocked</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>账户锁定</source>
      <translation>Account locked</translation>
    </message>
    <message>
      <location filename="../../../console/ui/event_log.py" />
      <source>连接中断</source>
      <translation>Disconnected</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>退出通话</source>
      <translation>Leave call</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>通知已读</source>
      <translation>Notice read</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>通话失败</source>
      <translation>Call failed</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>通话录像</source>
      <translation>Call video</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>通话结束</source>
      <translation>Call ended</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>采集上报</source>
      <translation>Field report</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>重置密码</source>
      <translation>Reset password</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>预警办结</source>
      <translation>Warning closed</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>预警反馈</source>
      <translation>Warning feedback</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>预警督办</source>
      <translation>Warning supervised</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>预警签收</source>
      <translation>Warning signed</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>风险预警</source>
      <translation>Risk warnings</translation>
    </message>
  </context>
  <context>
    <name>EventLogView</name>
    <message>
      <location filename="../../../console/ui/event_log.py" />
      <source>定位更新 {n} 条（不逐条列出）</source>
      <translation>{n} position updates (not listed)</translation>
    </message>
  </context>
  <context>
    <name>HistoryIncident</name>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>{mark}警情 {id}（只读）</source>
      <translation>{mark}Incident {id} (read-only)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>{status}，不在当前快照中；只能查看</source>
      <translation>{status}, not in the current snapshot; view only</translation>
    </message>
  </context>
  <context>
    <name>HistorySearch</name>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>上一页</source>
      <translation>Previous page</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>下一页</source>
      <translation>Next page</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>中继未应答</source>
      <translation>The relay did not answer</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>办结时间</source>
      <translation>Closed at</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>历史</source>
      <translation>History</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>地址</source>
      <translation>Address</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>报警日期</source>
      <translation>Report date</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>报警时间</source>
      <translation>Reported at</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>按编号、地址或电话查询任何时候的警情；早于快照天数的已办结警情标“历史”，只读</source>
      <translation>Find incidents of any time by number, address or phone; closed incidents older than the snapshot's days are marked History and read-only</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>查询</source>
      <translation>Search</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>查询中…</source>
      <translation>Searching…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>查询失败：{reason}</source>
      <translation>Search failed: {reason}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>标记</source>
      <translation>Mark</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>第 {page} 页，{count} 条{more}</source>
      <translation>Page {page}, {count} incidents{more}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>类别</source>
      <translation>Category</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>编号</source>
      <translation>Number</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>警情查询</source>
      <translation>Incident search</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>警情编号、地址或报警电话</source>
      <translation>Incident number, address or caller phone</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/history.py" />
      <source>，还有更多</source>
      <translation>, more follow</translation>
    </message>
  </context>
  <context>
    <name>IncidentDetail</name>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>⏳ 延期待审批：{by} {at} 申请 {hours:g} 小时 — {reason}</source>
      <translation>⏳ Extension pending: {by} asked at {at} for {hours:g} h — {reason}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>上报人</source>
      <translation>Reported by</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>上报时间</source>
      <translation>Reported</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>人员</source>
      <translation>Person</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>优先级</source>
      <translation>Priority</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>作废，原警情</source>
      <translation>Void; original incident</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>到场</source>
      <translation>On scene</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>动作</source>
      <translation>Action</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>原因/备注</source>
      <translation>Reason/note</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>反馈</source>
      <translation>Feedback</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>反馈单位</source>
      <translation>Responding unit</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>回访</source>
      <translation>Callback</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>回访 ({n})</source>
      <translation>Callback ({n})</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>回访人</source>
      <translation>Called back by</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>在警情队列中选择一条警情（↑↓ 移动），或按 F1 接警</source>
      <translation>Select an incident in the queue (↑↓ to move), or press F1 for intake</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>地址</source>
      <translation>Address</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>处置人</source>
      <translation>Handler</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>备注</source>
      <translation>Note</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>工作站</source>
      <translation>Workstation</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>工单号</source>
      <translation>Ticket no.</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>已批准 {hours:g} 小时</source>
      <translation>Approved {hours:g} h</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>延期</source>
      <translation>Extension</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>待审批</source>
      <translation>Pending</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>报警人</source>
      <translation>Caller</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>推送</source>
      <translation>Send</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>操作人</source>
      <translation>Operator</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>时间</source>
      <translation>Time</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>时间线</source>
      <translation>Timeline</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>时限：预警 {warn}，黄牌 {yellow}，红牌 {red}</source>
      <translation>Time limits: warning {warn}, yellow {yellow}, red {red}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>未选择警情</source>
      <translation>No incident selected</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>来源</source>
      <translation>Source</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>案情</source>
      <translation>Details</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>派遣</source>
      <translation>Dispatch</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>派遣 ({n})</source>
      <translation>Dispatch ({n})</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>派遣人</source>
      <translation>Dispatched by</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>满意度</source>
      <translation>Satisfaction</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>签收</source>
      <translation>Sign</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>类别</source>
      <translation>Category</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>网格</source>
      <translation>Grid</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>记录</source>
      <translation>Notes</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>该警情已不在当前筛选中，操作已停用；在队列中重新选择或切换筛选</source>
      <translation>This incident is no longer in the current filter; actions are disabled. Select again in the queue or change the filter</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>转办原因</source>
      <translation>Reason for referral</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>转办工单</source>
      <translation>Referral order</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>退回意见</source>
      <translation>Return comment</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>部门</source>
      <translation>Department</translation>
    </message>
    <message>
      <location filename="../../../console/ui/incident_detail.py" />
      <source>重复来电，前警情</source>
      <translation>Repeat call; earlier incident</translation>
    </message>
  </context>
  <context>
    <name>IncidentQueueView</name>
    <message>
      <location filename="../../../console/ui/queue/view.py" />
      <source>{n} 条新警情 ↑</source>
      <translation>{n} new incidents ↑</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/view.py" />
      <source>上方有新警情；点击滚动到最新一条（行不会自动移动）</source>
      <translation>New incidents above; click to scroll to the newest (rows do not move by themselves)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/view.py" />
      <source>只看“{label}”</source>
      <translation>Only "{label}"</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/view.py" />
      <source>点击列头排序；再点两次恢复默认排序（未结、超时、优先级、时间）</source>
      <translation>Click a header to sort; click twice more for the default order (open, overdue, priority, time)</translation>
    </message>
  </context>
  <context>
    <name>IntakeDialog</name>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>110 接警</source>
      <translation>110 Intake</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>Enter 下一项 · ↓ 选择候选</source>
      <translation>Enter next field · ↓ pick a suggestion</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>⚠ 重复警情：该号码 {time} 已报 &lt;a href='{id}' style='color:#1a1200'&gt;&lt;b&gt;{id}&lt;/b&gt;&lt;/a&gt; {category}·{status}</source>
      <translation>⚠ Duplicate: this number reported &lt;a href='{id}' style='color:#1a1200'&gt;&lt;b&gt;{id}&lt;/b&gt;&lt;/a&gt; at {time}, {category}·{status}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>优先级</source>
      <translation>Priority</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>取消 (Esc)</source>
      <translation>Cancel (Esc)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>号码只能包含数字、+ 和 -（3–32 位）</source>
      <translation>A number may contain only digits, + and - (3–32 characters)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>地址 *</source>
      <translation>Address *</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>报警电话</source>
      <translation>Caller phone</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>按 1–4 选择</source>
      <translation>Press 1–4</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>提交并受理</source>
      <translation>Submit and accept</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>提交并派遣 (Ctrl+Enter)</source>
      <translation>Submit and dispatch (Ctrl+Enter)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>未匹配标准地址，也认不出道路名：请从列表选择标准地址，或写明所在道路</source>
      <translation>No standard address matched and no road recognised: pick a standard address or name the road</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>未匹配标准地址：将按「{road}」中点定位</source>
      <translation>No standard address matched: will be placed at the middle of "{road}"</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>来源</source>
      <translation>Source</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>来源；最后一栏，Enter 提交</source>
      <translation>Source; last field, Enter submits</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>来电号码</source>
      <translation>Caller number</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>标准地址 {code} · 网格 {grid}</source>
      <translation>Standard address {code} · grid {grid}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>案情 *</source>
      <translation>Details *</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>案情过长（最多 {n} 字）</source>
      <translation>Details too long (at most {n} characters)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>简要案情：何人、何事、有无伤亡、是否持械…</source>
      <translation>Brief details: who, what, any injuries, any weapons…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>类别 *</source>
      <translation>Category *</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>请填写地址</source>
      <translation>Enter an address</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>请填写简要案情</source>
      <translation>Enter brief details</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>请选择警情类别：输入代码或名称，↓ 选择</source>
      <translation>Choose the incident category: type a code or name, ↓ to pick</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>输入类别代码（如 2001）或名称（如 斗殴）</source>
      <translation>Type a category code (e.g. 2001) or name (e.g. 斗殴)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/intake/intake_dialog.py" />
      <source>输入路名、门牌、小区或网格，↓ 选择标准地址</source>
      <translation>Type a road, house number, estate or grid; ↓ to pick a standard address</translation>
    </message>
  </context>
  <context>
    <name>IssueOrderDialog</name>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source> 小时</source>
      <translation> h</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>⚠ 近期已核查</source>
      <translation>⚠ Recently verified</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>✓ {name}，在手任务 {n} 件</source>
      <translation>✓ {name}, {n} tasks in hand</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>✓ {text}</source>
      <translation>✓ {text}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>✓ 身份证号有效</source>
      <translation>✓ ID number valid</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>✗ 未找到该标准地址，请从提示中选择</source>
      <translation>✗ Standard address not found; pick one from the suggestions</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>✗ 身份证号{p}</source>
      <translation>✗ ID number {p}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>仍然派单</source>
      <translation>Issue anyway</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>关联警情 {id}</source>
      <translation>Linked incident {id}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>姓名或编号，如 张伟 / W001</source>
      <translation>Name or ID, e.g. 张伟 / W001</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>工作要求（可选）</source>
      <translation>Instructions (optional)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>已发送，等待指挥中心确认…</source>
      <translation>Sent, waiting for the command centre…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>已知近期核查过，仍要求再次核查</source>
      <translation>Recently verified; ask for verification again anyway</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>时限</source>
      <translation>Time limits</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>标准地址：路名、门牌或地址编码</source>
      <translation>Standard address: road, house number or address code</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>派单</source>
      <translation>Orders</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>派单失败：{reason}</source>
      <translation>Order failed: {reason}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>派单给网格员</source>
      <translation>Issue an order to a grid worker</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>目标</source>
      <translation>Target</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>网格员</source>
      <translation>Grid worker</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>要求</source>
      <translation>Instructions</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>请先填写有效的网格员和目标</source>
      <translation>Enter a valid grid worker and target first</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>请确认是否仍要派单</source>
      <translation>Confirm that you still want to issue the order</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>请选择网格员</source>
      <translation>Choose a grid worker</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>身份证号（18位）</source>
      <translation>ID number (18 digits)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>非标准地址，按地点描述派单</source>
      <translation>Not a standard address; order by place description</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/dialog.py" />
      <source>，也可填写地点描述</source>
      <translation>, or describe the place</translation>
    </message>
  </context>
  <context>
    <name>KeyPersonsRow</name>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>撤销</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>撤销原因</source>
      <translation>Reason for cancelling</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>标准地址编码</source>
      <translation>Standard address code</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>登记</source>
      <translation>Register</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>类别</source>
      <translation>Category</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>重点人员</source>
      <translation>Key persons</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>重点人员姓名</source>
      <translation>Key person's name</translation>
    </message>
  </context>
  <context>
    <name>LayerPanel</name>
    <message>
      <location filename="../../../console/ui/map/layer_panel.py" />
      <source>上移图层</source>
      <translation>Move layer up</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/layer_panel.py" />
      <source>下移图层</source>
      <translation>Move layer down</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/layer_panel.py" />
      <source>不透明度</source>
      <translation>Opacity</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/layer_panel.py" />
      <source>勾选显示图层；拖动调整上下顺序（上方的图层盖住下方）</source>
      <translation>Tick to show a layer; drag to reorder (upper layers cover lower ones)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/layer_panel.py" />
      <source>图层</source>
      <translation>Layers</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/layer_panel.py" />
      <source>所选图层的不透明度</source>
      <translation>Opacity of the selected layer</translation>
    </message>
  </context>
  <context>
    <name>LinkMonitor</name>
    <message>
      <location filename="../../../console/ui/connection/monitor.py" />
      <source>与中继的连接已断开，正在重连… 地址 {url}</source>
      <translation>Connection to the relay lost, reconnecting… {url}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/connection/monitor.py" />
      <source>中继拒绝了登录：{why}。请重新登录。</source>
      <translation>The relay refused the login: {why}. Please log in again.</translation>
    </message>
    <message>
      <location filename="../../../console/ui/connection/monitor.py" />
      <source>须先修改初始密码：请不设 JINGWANG_PASSWORD 启动指挥台，在登录框中修改。</source>
      <translation>The initial password must be changed first: start the console without JINGWANG_PASSWORD and change it in the login box.</translation>
    </message>
  </context>
  <context>
    <name>Login</name>
    <message>
      <location filename="../../../console/ui/login/reasons.py" />
      <source>已登录：{account}（{role}）· {station}</source>
      <translation>Logged in: {account} ({role}) · {station}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/reasons.py" />
      <source>无法连接中继 {url}（{detail}），正在重试… 请确认中继已启动、地址和端口正确。</source>
      <translation>Cannot reach the relay {url} ({detail}), retrying… Check that the relay is running and the address and port are right.</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/reasons.py" />
      <source>暂时不能登录：{reason}</source>
      <translation>Cannot log in yet: {reason}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/reasons.py" />
      <source>未配置派出所</source>
      <translation>no police station configured</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/reasons.py" />
      <source>用户名或密码错误</source>
      <translation>Wrong username or password</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/reasons.py" />
      <source>登录失败：{reason}。请检查用户名和密码后重试。</source>
      <translation>Login failed: {reason}. Check the username and password and try again.</translation>
    </message>
  </context>
  <context>
    <name>LoginDialog</name>
    <message>
      <location filename="../../../console/ui/login/dialog.py" />
      <source>两次输入的新密码不一致。</source>
      <translation>The two new passwords differ.</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/dialog.py" />
      <source>中继地址</source>
      <translation>Relay address</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/dialog.py" />
      <source>修改密码失败：{why}</source>
      <translation>Password change failed: {why}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/dialog.py" />
      <source>修改密码并登录</source>
      <translation>Change password and log in</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/dialog.py" />
      <source>密码</source>
      <translation>Password</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/dialog.py" />
      <source>密码已修改，正在载入辖区…</source>
      <translation>Password changed, loading the district…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/dialog.py" />
      <source>已登录，正在载入辖区…</source>
      <translation>Logged in, loading the district…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/dialog.py" />
      <source>新密码</source>
      <translation>New password</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/dialog.py" />
      <source>正在修改密码…</source>
      <translation>Changing password…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/dialog.py" />
      <source>正在连接 {url} …</source>
      <translation>Connecting to {url} …</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/dialog.py" />
      <source>用户名</source>
      <translation>Username</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/dialog.py" />
      <source>登录</source>
      <translation>Log in</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/dialog.py" />
      <source>登录 · 警网融合指挥台</source>
      <translation>Log in · Jingwang Command Console</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/dialog.py" />
      <source>确认新密码</source>
      <translation>Confirm new password</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/dialog.py" />
      <source>请填写用户名、密码和中继地址（ws://主机:端口）。</source>
      <translation>Enter username, password and relay address (ws://host:port).</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/dialog.py" />
      <source>退出</source>
      <translation>Log out</translation>
    </message>
    <message>
      <location filename="../../../console/ui/login/dialog.py" />
      <source>首次登录须修改初始密码（{rule}）。</source>
      <translation>First login: change the initial password ({rule}).</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>110 接警：录入新警情 (F1)</source>
      <translation>110 Intake: record a new incident (F1)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>{action}失败：{reason}</source>
      <translation>{action} failed: {reason}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>{reason}。仍然派遣（强制）？</source>
      <translation>{reason}. Dispatch anyway (force)?</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>事件日志</source>
      <translation>Event log</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>人员忙</source>
      <translation>Busy</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>全图</source>
      <translation>Full map</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>取消 (Esc)</source>
      <translation>Cancel (Esc)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>地图框选：网格员 {w} 名，警情 {i} 起</source>
      <translation>Map selection: {w} grid workers, {i} incidents</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>地图缩放到全辖区 (Home)</source>
      <translation>Zoom the map to the whole district (Home)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>强制派遣 (Enter)</source>
      <translation>Force dispatch (Enter)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>按编号、地址、电话查询任何时候的警情，含历史警情 (Ctrl+F)</source>
      <translation>Find incidents of any time by number, address or phone, old ones included (Ctrl+F)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>接警</source>
      <translation>Intake</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>接警 (F1)：{why}</source>
      <translation>Intake (F1): {why}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>接警 (F1)：本角色不能录入警情或尚未连接</source>
      <translation>Intake (F1): this role cannot record incidents, or not connected</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>操作</source>
      <translation>Action</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>操作失败</source>
      <translation>Action failed</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>显示已办结</source>
      <translation>Show closed</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>更多操作</source>
      <translation>More actions</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>网格力量</source>
      <translation>Grid forces</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>警情(&amp;J)</source>
      <translation>&amp;Incidents</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>警情查询</source>
      <translation>Incident search</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>警情详情</source>
      <translation>Incident details</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>警情队列</source>
      <translation>Incident queue</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>警网融合指挥台</source>
      <translation>Jingwang Command Console</translation>
    </message>
    <message>
      <location filename="../../../console/ui/main_window.py" />
      <source>队列中显示已办结警情 (Ctrl+Shift+H)</source>
      <translation>Show closed incidents in the queue (Ctrl+Shift+H)</translation>
    </message>
  </context>
  <context>
    <name>Map</name>
    <message>
      <location filename="../../../console/ui/map/zone_draw.py" />
      <source>关注区域</source>
      <translation>Watch area</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/zone_draw.py" />
      <source>关注区域{n}</source>
      <translation>Watch area {n}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/zone_draw.py" />
      <source>删除区域</source>
      <translation>Delete area</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/zone_draw.py" />
      <source>区域名称：</source>
      <translation>Area name:</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/zone_draw.py" />
      <source>画区域：单击加点（已 {n} 点），双击或回车完成，退格撤销，Esc 取消</source>
      <translation>Draw area: click to add points ({n} so far), double-click or Enter to finish, Backspace to undo, Esc to cancel</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/overlays.py" />
      <source>经度 {lng:.6f}  纬度 {lat:.6f}</source>
      <translation>Lng {lng:.6f}  Lat {lat:.6f}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/overlays.py" />
      <source>经度 —  纬度 —</source>
      <translation>Lng —  Lat —</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/zone_draw.py" />
      <source>至少需要 3 个点才能完成</source>
      <translation>At least 3 points are needed</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/overlays.py" />
      <source>跟随：{name}（Esc 退出）</source>
      <translation>Following: {name} (Esc to stop)</translation>
    </message>
  </context>
  <context>
    <name>MapCard</name>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>今日警情</source>
      <translation>Incidents today</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>关闭 (Esc)</source>
      <translation>Close (Esc)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>呼叫</source>
      <translation>Call</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>地图跟随该网格员 (Esc 退出)</source>
      <translation>Map follows this grid worker (Esc to stop)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>小区长</source>
      <translation>Estate head</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>当前任务</source>
      <translation>Current task</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>无定位</source>
      <translation>No position</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>最后定位</source>
      <translation>Last position</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>未办结</source>
      <translation>Open</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>楼栋长</source>
      <translation>Building heads</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>派单</source>
      <translation>Orders</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>电话</source>
      <translation>Phone</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>社区</source>
      <translation>Community</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>社区民警</source>
      <translation>Community officer</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>给该网格员派单</source>
      <translation>Issue an order to this grid worker</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>缩放到网格</source>
      <translation>Zoom to grid</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>网格</source>
      <translation>Grid</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>网格员</source>
      <translation>Grid worker</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>网格编码</source>
      <translation>Grid code</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>网格长</source>
      <translation>Grid head</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>职务</source>
      <translation>Post</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>覆盖 {n}/{total} 栋</source>
      <translation>covering {n}/{total} buildings</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>视频</source>
      <translation>Video</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>警格</source>
      <translation>Police grid</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>语音呼叫该网格全部在岗人员（在视频连线中按住空格讲话）</source>
      <translation>Voice call to everyone on duty in this grid (hold Space in Video calls to talk)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>语音组呼</source>
      <translation>Group voice call</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/cards.py" />
      <source>跟随</source>
      <translation>Follow</translation>
    </message>
  </context>
  <context>
    <name>MapLegend</name>
    <message>
      <location filename="../../../console/ui/map/legend.py" />
      <source>已办结</source>
      <translation>Closed</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/legend.py" />
      <source>网格</source>
      <translation>Grid</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/legend.py" />
      <source>警格</source>
      <translation>Police grid</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/legend.py" />
      <source>轨迹</source>
      <translation>Tracks</translation>
    </message>
  </context>
  <context>
    <name>MapPanel</name>
    <message>
      <location filename="../../../console/ui/map/map_panel.py" />
      <source>人流热力</source>
      <translation>People flow</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/map_panel.py" />
      <source>图例</source>
      <translation>Legend</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/map_panel.py" />
      <source>图层</source>
      <translation>Layers</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/map_panel.py" />
      <source>按时段查看在岗人员、扫码与警情的分布</source>
      <translation>Where on-duty staff, scans and incidents were, hour by hour</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/map_panel.py" />
      <source>显示/隐藏、透明度与顺序</source>
      <translation>Show/hide, opacity and order</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/map_panel.py" />
      <source>显示或隐藏图例</source>
      <translation>Show or hide the legend</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/map_panel.py" />
      <source>更多地图工具</source>
      <translation>More map tools</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/map_panel.py" />
      <source>热力图：</source>
      <translation>Heat map: </translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/map_panel.py" />
      <source>热力图：关</source>
      <translation>Heat map: off</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/map_panel.py" />
      <source>画关注区域 (Ctrl+Shift+Z)：单击加点，双击或回车完成，Esc 取消；右键区域可删除</source>
      <translation>Draw a watch area (Ctrl+Shift+Z): click to add points, double-click or Enter to finish, Esc to cancel; right-click an area to delete it</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/map_panel.py" />
      <source>画区域</source>
      <translation>Draw area</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/map_panel.py" />
      <source>缩放到所选 (Shift+拖动框选网格员和警情)</source>
      <translation>Zoom to selection (Shift+drag to select grid workers and incidents)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/map_panel.py" />
      <source>警情热力图的时间窗</source>
      <translation>Time window of the incident heat map</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/map_panel.py" />
      <source>轨迹{n}分</source>
      <translation>Tracks {n} min</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/map_panel.py" />
      <source>轨迹显示最近多长时间</source>
      <translation>How much recent track to show</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/heatmap.py" />
      <source>近1小时</source>
      <translation>Last hour</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/heatmap.py" />
      <source>近24小时</source>
      <translation>Last 24 hours</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/heatmap.py" />
      <source>近7天</source>
      <translation>Last 7 days</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/map_panel.py" />
      <source>选区</source>
      <translation>Selection</translation>
    </message>
  </context>
  <context>
    <name>MapSearch</name>
    <message>
      <location filename="../../../console/ui/map/search.py" />
      <source>地址</source>
      <translation>Address</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/search.py" />
      <source>搜索 网格员 / 网格名称或编码 / 标准地址</source>
      <translation>Search grid worker / grid name or code / standard address</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/search.py" />
      <source>社区民警</source>
      <translation>Community officer</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/search.py" />
      <source>网格</source>
      <translation>Grid</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/search.py" />
      <source>网格员</source>
      <translation>Grid worker</translation>
    </message>
  </context>
  <context>
    <name>NoticesView</name>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>优先级</source>
      <translation>Priority</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>内容</source>
      <translation>Content</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>图片 (*.jpg *.jpeg *.png)</source>
      <translation>Images (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>对象</source>
      <translation>Recipient</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>已推送</source>
      <translation>Sent</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>已确认已读</source>
      <translation>Marked as read</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>已读</source>
      <translation>Read</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>已读 {read}/{total}</source>
      <translation>Read {read}/{total}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>已读：{readers}
未读：{unread}</source>
      <translation>Read: {readers}
Unread: {unread}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>已附图 {kb} KB</source>
      <translation>Photo attached {kb} KB</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>推送</source>
      <translation>Send</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>推送内容（必填，{n} 字以内）</source>
      <translation>Message (required, at most {n} characters)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>推送给所选范围内的网格员</source>
      <translation>Send to the grid workers in the chosen scope</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>推送范围</source>
      <translation>Scope</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>无</source>
      <translation>None</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>时间</source>
      <translation>Time</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>确认已读</source>
      <translation>Mark as read</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>签收推送给本人的通知</source>
      <translation>Sign for a notice pushed to you</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>请填写推送内容</source>
      <translation>Enter the message</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>请选择推送范围</source>
      <translation>Choose a scope</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>选择附图</source>
      <translation>Choose a photo</translation>
    </message>
    <message>
      <location filename="../../../console/ui/notices.py" />
      <source>附图…</source>
      <translation>Attach photo…</translation>
    </message>
  </context>
  <context>
    <name>Orders</name>
    <message>
      <location filename="../../../console/ui/orders/earlier.py" />
      <source>{days}天内已核查过：{time}（{age}）由 {who} 核查</source>
      <translation>Verified within {days} days: {time} ({age}) by {who}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/earlier.py" />
      <source>{n}天前</source>
      <translation>{n} d ago</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/model.py" />
      <source>{t} 反馈</source>
      <translation>{t} feedback</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/model.py" />
      <source>关联警情 {id}</source>
      <translation>Linked incident {id}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/model.py" />
      <source>原因：{r}</source>
      <translation>Reason: {r}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/model.py" />
      <source>反馈：{r}</source>
      <translation>Feedback: {r}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/earlier.py" />
      <source>审核入库 {ref}</source>
      <translation>Review {ref}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/earlier.py" />
      <source>工单 {ref}</source>
      <translation>Order {ref}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/model.py" />
      <source>截止 {t}</source>
      <translation>Due {t}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/earlier.py" />
      <source>来源：</source>
      <translation>Source:</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/model.py" />
      <source>派单人 {who}</source>
      <translation>Issued by {who}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/earlier.py" />
      <source>结果：{result}</source>
      <translation>Result: {result}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/model.py" />
      <source>要求：{note}</source>
      <translation>Instructions: {note}</translation>
    </message>
  </context>
  <context>
    <name>OrdersView</name>
    <message>
      <location filename="../../../console/ui/orders/view.py" />
      <source>全部</source>
      <translation>All</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/view.py" />
      <source>撤销原因（必填）</source>
      <translation>Reason for cancelling (required)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/view.py" />
      <source>撤销工单</source>
      <translation>Cancel order</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/view.py" />
      <source>未完成</source>
      <translation>Unfinished</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/view.py" />
      <source>派单 Ctrl+O</source>
      <translation>Issue order Ctrl+O</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/view.py" />
      <source>给网格员派核查、走访、调解或巡查工单 (Ctrl+O)</source>
      <translation>Issue a verification, visit, mediation or patrol order to a grid worker (Ctrl+O)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/view.py" />
      <source>超期</source>
      <translation>Overdue</translation>
    </message>
    <message>
      <location filename="../../../console/ui/orders/view.py" />
      <source>超期 {n}</source>
      <translation>Overdue {n}</translation>
    </message>
  </context>
  <context>
    <name>PeopleHeat</name>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>{a:02d}–{b:02d}时</source>
      <translation>{a:02d}–{b:02d} h</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>人·分钟</source>
      <translation>person-min</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>仅系统内人员与上报，非全部居民</source>
      <translation>System staff and reports only, not all residents</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>从这一天</source>
      <translation>From this day</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>到这一天（含）；多日按一天中的时段累计</source>
      <translation>To this day (inclusive); several days add up by hour of day</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>刷新</source>
      <translation>Refresh</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>在岗</source>
      <translation>On duty</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>扫码</source>
      <translation>Scans</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>无历史数据源</source>
      <translation>No history source</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>时段：拖动或用方向键逐小时查看</source>
      <translation>Hour: drag or use the arrow keys</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>本时段：</source>
      <translation>This hour: </translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>次</source>
      <translation>times</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>系统内人员与上报的分布，不代表全部居民。人员在岗位置：在岗网格员与警力每分钟计一次（人·分钟）；扫码：门牌二维码页面打开次数；警情：报警与上报的位置。各来源按当日最热的格子折算，颜色以全天最热时段为满。</source>
      <translation>Where the system's people and reports are, not all residents. On duty: grid workers and police units on duty, counted once a minute (person-minutes); scans: door-plate QR page views; incidents: where calls and reports came from. Each source is scaled to the day's hottest cell; full colour is the day's hottest hour.</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>至</source>
      <translation>to</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>警情</source>
      <translation>Incidents</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>读取中…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>起</source>
      <translation>from</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>选择日期与查看本时段合计</source>
      <translation>Pick dates and see this hour's totals</translation>
    </message>
    <message>
      <location filename="../../../console/ui/map/people_heat_bar.py" />
      <source>重新读取所选日期的人流热力</source>
      <translation>Read the people flow of the chosen days again</translation>
    </message>
  </context>
  <context>
    <name>PhotoThumb</name>
    <message>
      <location filename="../../../console/ui/photo.py" />
      <source>现场照片</source>
      <translation>Scene photos</translation>
    </message>
    <message>
      <location filename="../../../console/ui/photo.py" />
      <source>现场照片（点击查看原图）</source>
      <translation>Scene photos (click for full size)</translation>
    </message>
  </context>
  <context>
    <name>PublicReplyBox</name>
    <message>
      <location filename="../../../console/ui/public_reply.py" />
      <source>回复群众</source>
      <translation>Reply to the public</translation>
    </message>
    <message>
      <location filename="../../../console/ui/public_reply.py" />
      <source>已回复({0})：{1}</source>
      <translation>Replied ({0}): {1}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/public_reply.py" />
      <source>已标记恶意</source>
      <translation>Marked abusive</translation>
    </message>
    <message>
      <location filename="../../../console/ui/public_reply.py" />
      <source>已标记恶意({0})</source>
      <translation>Marked abusive ({0})</translation>
    </message>
    <message>
      <location filename="../../../console/ui/public_reply.py" />
      <source>未选择群众扫码警情</source>
      <translation>No public e-code incident selected</translation>
    </message>
    <message>
      <location filename="../../../console/ui/public_reply.py" />
      <source>标记恶意</source>
      <translation>Mark abusive</translation>
    </message>
    <message>
      <location filename="../../../console/ui/public_reply.py" />
      <source>给上报群众的回复（显示在其回执页），或标记恶意的原因</source>
      <translation>Reply to the reporting citizen (shown on their receipt page), or the reason for marking abusive</translation>
    </message>
    <message>
      <location filename="../../../console/ui/public_reply.py" />
      <source>群众扫码 · 回执 {0}</source>
      <translation>Public e-code · receipt {0}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/public_reply.py" />
      <source>警格 {0}</source>
      <translation>Police grid {0}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/public_reply.py" />
      <source>请先填写回复或原因</source>
      <translation>Write a reply or reason first</translation>
    </message>
  </context>
  <context>
    <name>Queue</name>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>{stage}时限 · {level}
预警 {warn}
黄牌 {yellow}
红牌 {red}</source>
      <translation>{stage} limit · {level}
Warning {warn}
Yellow {yellow}
Red {red}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>上报时间</source>
      <translation>Reported</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/query.py" />
      <source>仅未结</source>
      <translation>Open only</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>优先级</source>
      <translation>Priority</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/query.py" />
      <source>全部</source>
      <translation>All</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>地址</source>
      <translation>Address</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/query.py" />
      <source>处置中</source>
      <translation>In progress</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>处置人</source>
      <translation>Handler</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>延期</source>
      <translation>Extension</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/query.py" />
      <source>待受理</source>
      <translation>To accept</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/query.py" />
      <source>待核查</source>
      <translation>To verify</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>时限</source>
      <translation>Time limits</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>普通</source>
      <translation>Normal</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>来源</source>
      <translation>Source</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>标记</source>
      <translation>Marks</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <location filename="../../../console/ui/queue/query.py" />
      <source>督办</source>
      <translation>Supervise</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>类别</source>
      <translation>Category</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>红牌</source>
      <translation>Red card</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>编号</source>
      <translation>No.</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>网格</source>
      <translation>Grid</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/query.py" />
      <source>超时</source>
      <translation>Overdue</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/query.py" />
      <source>转办</source>
      <translation>Refer</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>转办 {dept} {status}</source>
      <translation>Referred to {dept} {status}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>返工{n}</source>
      <translation>Rework {n}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>重复</source>
      <translation>Duplicate</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/columns.py" />
      <source>黄牌</source>
      <translation>Yellow card</translation>
    </message>
  </context>
  <context>
    <name>QueueFilterBar</name>
    <message>
      <location filename="../../../console/ui/queue/filter_bar.py" />
      <source>{shown} / {total} 条</source>
      <translation>{shown} / {total}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/filter_bar.py" />
      <source>全部来源</source>
      <translation>All sources</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/filter_bar.py" />
      <source>全部级别</source>
      <translation>All levels</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/filter_bar.py" />
      <source>按状态分组：仅未结、全部、待受理、处置中、待核查、转办、超时、督办</source>
      <translation>Group by state: open only, all, to accept, in progress, to verify, referred, overdue, supervised</translation>
    </message>
    <message>
      <location filename="../../../console/ui/queue/filter_bar.py" />
      <source>搜索 编号/地址/内容/电话/处置人 (Ctrl+Shift+F)</source>
      <translation>Search number/address/text/phone/handler (Ctrl+Shift+F)</translation>
    </message>
  </context>
  <context>
    <name>ReasonBar</name>
    <message>
      <location filename="../../../console/ui/review/reason.py" />
      <source>请填写原因</source>
      <translation>Enter a reason</translation>
    </message>
  </context>
  <context>
    <name>RecordsBrowser</name>
    <message>
      <location filename="../../../console/ui/review/records_view.py" />
      <source>{n} 条</source>
      <translation>{n} items</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/records_view.py" />
      <source>使生效版本失效（社区民警）</source>
      <translation>Revoke the active version (community officer)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/records_view.py" />
      <source>最近 {n} 条</source>
      <translation>Latest {n}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/records_view.py" />
      <source>查询</source>
      <translation>Search</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/records_view.py" />
      <source>注销</source>
      <translation>Revoke</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/records_view.py" />
      <source>注销原因（必填）</source>
      <translation>Reason for revoking (required)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/records_view.py" />
      <source>版本记录</source>
      <translation>Versions</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/records_view.py" />
      <source>版本记录 · {id}</source>
      <translation>Versions · {id}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/records_view.py" />
      <source>版本记录（选择一条档案）</source>
      <translation>Versions (select a record)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/records_view.py" />
      <source>身份证号 / 地址编码 / 姓名 / 单位名称</source>
      <translation>ID number / address code / name / organisation</translation>
    </message>
  </context>
  <context>
    <name>Replay</name>
    <message>
      <location filename="../../../console/ui/replay/window.py" />
      <source> 回放 · 只读 </source>
      <translation> Replay · read-only </translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/timeline.py" />
      <source>⏸ 暂停</source>
      <translation>⏸ Pause</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/timeline.py" />
      <source>▶ 播放</source>
      <translation>▶ Play</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/range_dialog.py" />
      <source>一个班次</source>
      <translation>One shift</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/range_dialog.py" />
      <source>一整天</source>
      <translation>A whole day</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/timeline.py" />
      <source>上一事件</source>
      <translation>Previous event</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/timeline.py" />
      <source>下一事件</source>
      <translation>Next event</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/launch.py" />
      <source>不能回放：{reason}</source>
      <translation>Cannot replay: {reason}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/recordings.py" />
      <source>与中继的连接中断</source>
      <translation>Connection to the relay lost</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/window.py" />
      <source>书签未保存：{reason}</source>
      <translation>Bookmark not saved: {reason}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/window.py" />
      <source>事件日志</source>
      <translation>Event log</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/report_view.py" />
      <source>保存 PDF…</source>
      <translation>Save PDF…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/bookmarks.py" />
      <source>保存并共享</source>
      <translation>Save and share</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/report_view.py" />
      <source>保存警情报告</source>
      <translation>Save incident report</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/report_view.py" />
      <source>共 {n} 页</source>
      <translation>{n} pages</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/report_view.py" />
      <source>关闭</source>
      <translation>Close</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/timeline.py" />
      <source>减速</source>
      <translation>Slower</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/timeline.py" />
      <source>加载中…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/timeline.py" />
      <source>加速</source>
      <translation>Faster</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/range_dialog.py" />
      <source>单个警情</source>
      <translation>Single incident</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/recordings.py" />
      <source>双击跳到该通话开始</source>
      <translation>Double-click to jump to the start of the call</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/bookmarks.py" />
      <location filename="../../../console/ui/replay/range_dialog.py" />
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/window.py" />
      <source>回放</source>
      <translation>Replay</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/window.py" />
      <source>回放 · {title}</source>
      <translation>Replay · {title}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/window.py" />
      <source>回放 · 只读 · {account}（教官）</source>
      <translation>Replay · read-only · {account} (trainer)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/launch.py" />
      <source>回放(&amp;R)</source>
      <translation>&amp;Replay</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/launch.py" />
      <source>回放…</source>
      <translation>Replay…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/launch.py" />
      <source>回放一起警情、一个班次或一整天 ({key})</source>
      <translation>Replay an incident, a shift or a whole day ({key})</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/window.py" />
      <source>回放不能发出任何指令；书签经中继保存并共享</source>
      <translation>Replay sends no commands; bookmarks are saved and shared through the relay</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/window.py" />
      <source>回放只读，不能{action}</source>
      <translation>Replay is read-only; cannot {action}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/window.py" />
      <source>回放数据读取失败：{detail}</source>
      <translation>Could not read replay data: {detail}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/bookmarks.py" />
      <source>回放时间 {at}</source>
      <translation>Replay time {at}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/timeline.py" />
      <source>回放速度 ([ 减速，] 加速)</source>
      <translation>Replay speed ([ slower, ] faster)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/report_view.py" />
      <source>已保存：{path}</source>
      <translation>Saved: {path}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/window.py" />
      <source>已定位到 {t}</source>
      <translation>Moved to {t}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/range_dialog.py" />
      <source>开始回放</source>
      <translation>Start replay</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/recordings.py" />
      <source>录音文件不存在：{file}</source>
      <translation>Recording not found: {file}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/recordings.py" />
      <source>录音文件不存在：本机没有，也未能从中继调取（{reason}）</source>
      <translation>Recording not found: not on this machine, and it could not be fetched from the relay ({reason})</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/launch.py" />
      <source>所选警情的完整时间线报告 ({key})</source>
      <translation>Full timeline report of the selected incident ({key})</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/window.py" />
      <source>所选警情的完整时间线报告，可预览并保存为 PDF (Ctrl+P)</source>
      <translation>Full timeline report of the selected incident, preview and save as PDF (Ctrl+P)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/launch.py" />
      <source>报告</source>
      <translation>Report</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/report_view.py" />
      <source>报告生成失败：{reason}</source>
      <translation>Report failed: {reason}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/axis.py" />
      <source>拖动或点击定位回放时间；黄旗为书签</source>
      <translation>Drag or click to set the replay time; yellow flags are bookmarks</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/timeline.py" />
      <source>播放</source>
      <translation>Play</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/timeline.py" />
      <source>播放 (Space)</source>
      <translation>Play (Space)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/range_dialog.py" />
      <source>日期（班次与整天）</source>
      <translation>Date (shift and whole day)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/timeline.py" />
      <source>暂停 (Space)</source>
      <translation>Pause (Space)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/window.py" />
      <source>未连接中继，不能添加书签</source>
      <translation>Not connected to the relay; cannot add a bookmark</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/recordings.py" />
      <source>正在从中继调取通话 {call} 的录音…</source>
      <translation>Fetching the recording of call {call} from the relay…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/report_view.py" />
      <source>正在生成报告…</source>
      <translation>Generating report…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/recordings.py" />
      <source>此时段没有通话录音</source>
      <translation>No call recordings in this period</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/bookmarks.py" />
      <location filename="../../../console/ui/replay/timeline.py" />
      <source>添加书签</source>
      <translation>Add bookmark</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/launch.py" />
      <location filename="../../../console/ui/replay/window.py" />
      <source>警情报告</source>
      <translation>Incident report</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/report_view.py" />
      <source>警情报告 {id}</source>
      <translation>Incident report {id}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/range_dialog.py" />
      <source>警情编号，如 JQ2026112200000123</source>
      <translation>Incident number, e.g. JQ2026112200000123</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/window.py" />
      <source>警情详情</source>
      <translation>Incident details</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/window.py" />
      <source>警情队列</source>
      <translation>Incident queue</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/bookmarks.py" />
      <source>说明（必填，最多 500 字），例如：此处应先受理再派遣</source>
      <translation>Note (required, at most 500 characters), e.g.: accept before dispatching here</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/bookmarks.py" />
      <source>请填写书签说明</source>
      <translation>Enter a bookmark note</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/range_dialog.py" />
      <source>请输入警情编号</source>
      <translation>Enter an incident number</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/range_dialog.py" />
      <source>选择回放范围</source>
      <translation>Choose what to replay</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/window.py" />
      <source>通话录音</source>
      <translation>Call recording</translation>
    </message>
    <message>
      <location filename="../../../console/ui/replay/recordings.py" />
      <source>通话录音 {call}（{at} 开始）</source>
      <translation>Call recording {call} (started {at})</translation>
    </message>
  </context>
  <context>
    <name>Review</name>
    <message>
      <location filename="../../../console/ui/review/fields.py" />
      <source>{n}人</source>
      <translation>{n} people</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/fields.py" />
      <source>否</source>
      <translation>No</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/fields.py" />
      <source>是</source>
      <translation>Yes</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/fields.py" />
      <source>流动</source>
      <translation>Floating</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/model.py" />
      <source>退回原因：</source>
      <translation>Reason for returning:</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/fields.py" />
      <source>重点单位</source>
      <translation>Key organisations</translation>
    </message>
  </context>
  <context>
    <name>ReviewPanel</name>
    <message>
      <location filename="../../../console/ui/review/view.py" />
      <source>审核入库</source>
      <translation>Review</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/view.py" />
      <source>审核入库 ({n})</source>
      <translation>Review ({n})</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/view.py" />
      <source>档案查询</source>
      <translation>Records</translation>
    </message>
  </context>
  <context>
    <name>ReviewQueueView</name>
    <message>
      <location filename="../../../console/ui/review/view.py" />
      <source>{who}的{kind}提交{status}</source>
      <translation>{kind} submitted by {who}: {status}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/view.py" />
      <source>全部状态</source>
      <translation>All states</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/view.py" />
      <source>全部类型</source>
      <translation>All types</translation>
    </message>
  </context>
  <context>
    <name>Settings</name>
    <message>
      <location filename="../../../console/ui/i18n/menu.py" />
      <source>界面语言已设为 {name}，下次启动指挥台时生效。</source>
      <translation>UI language set to {name}; it takes effect the next time the console starts.</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/menu.py" />
      <source>设置(&amp;S)</source>
      <translation>&amp;Settings</translation>
    </message>
  </context>
  <context>
    <name>SubmissionDetail</name>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>{status}：{who} {time}</source>
      <translation>{status}: {who} {time}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>上一版本</source>
      <translation>Previous version</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>与{base}对比：{n} 项变更（● 标出）</source>
      <translation>Compared with {base}: {n} changes (marked ●)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>与{base}对比：内容无变化</source>
      <translation>Compared with {base}: no changes</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>在上方列表中选择一条提交：核对字段后 Ctrl+Enter 通过入库，或填写原因 Ctrl+R 退回。</source>
      <translation>Pick a submission above: check the fields, then Ctrl+Enter to approve, or give a reason and Ctrl+R to return it.</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>字段</source>
      <translation>Field</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>将本次提交入库为生效版本 (Ctrl+Enter)</source>
      <translation>Store this submission as the active version (Ctrl+Enter)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>已提交入库，等待确认…</source>
      <translation>Approval sent, waiting for confirmation…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>已提交退回，等待确认…</source>
      <translation>Return sent, waiting for confirmation…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>提交于 {time}（{age}）</source>
      <translation>Submitted {time} ({age})</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>操作失败：{reason}</source>
      <translation>Action failed: {reason}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>新建档案：无生效版本，以下为本次提交内容</source>
      <translation>New record: no active version; this is the submission</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>未选择提交</source>
      <translation>No submission selected</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>本次提交</source>
      <translation>This submission</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>现行生效版本</source>
      <translation>Active version</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>网格员 {name}（{id}）</source>
      <translation>Grid worker {name} ({id})</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>说明：{note}</source>
      <translation>Note: {note}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>退回</source>
      <translation>Return</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>退回 Ctrl+R</source>
      <translation>Return Ctrl+R</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>退回原因（必填）</source>
      <translation>Reason for returning (required)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>通过入库</source>
      <translation>Approve</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>通过入库 Ctrl+Enter</source>
      <translation>Approve Ctrl+Enter</translation>
    </message>
    <message>
      <location filename="../../../console/ui/review/detail.py" />
      <source>，原因：{r}</source>
      <translation>, reason: {r}</translation>
    </message>
  </context>
  <context>
    <name>Summary</name>
    <message>
      <location filename="../../../console/ui/summary/cards.py" />
      <source>7日均</source>
      <translation>7-day avg</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_view.py" />
      <location filename="../../../console/ui/summary/view.py" />
      <source>Excel 工作簿 (*.xlsx)</source>
      <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/analysis_view.py" />
      <location filename="../../../console/ui/summary/period_view.py" />
      <location filename="../../../console/ui/summary/view.py" />
      <source>PDF 文件 (*.pdf)</source>
      <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_view.py" />
      <source>{label}：{n} 项</source>
      <translation>{label}: {n} items</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>{label}：{n} 项（双击警情在指挥台中定位）</source>
      <translation>{label}: {n} items (double-click an incident to locate it in the console)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_view.py" />
      <location filename="../../../console/ui/summary/view.py" />
      <source>{label}：查询中…</source>
      <translation>{label}: loading…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>{station} {date}，计算于 {at}</source>
      <translation>{station} {date}, computed at {at}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_view.py" />
      <source>{title}：综合得分 {now}（上期 {label}：{before}）</source>
      <translation>{title}: overall score {now} (previous period {label}: {before})</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>{when}警情</source>
      <translation>{when} incidents</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>今日</source>
      <translation>Today</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/charts.py" />
      <source>今日 ■</source>
      <translation>Today ■</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>今日{name}类警情</source>
      <translation>Today's {name} incidents</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/analysis_view.py" />
      <source>全辖区</source>
      <translation>Whole district</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_view.py" />
      <source>全辖区（四级管理）</source>
      <translation>Whole district (four levels)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/analysis_view.py" />
      <source>全部类别</source>
      <translation>All categories</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/cards.py" />
      <source>分子：查看计入的事项</source>
      <translation>Numerator: items counted</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/charts.py" />
      <source>分时段警情（点击柱查看明细）</source>
      <translation>Incidents by hour (click a bar for details)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/cards.py" />
      <source>分母：查看应计的事项</source>
      <translation>Denominator: items due</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>刷新 F5</source>
      <translation>Refresh F5</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_view.py" />
      <source>单击分子、分母或上期数值，查看其背后的事项</source>
      <translation>Click a numerator, denominator or previous value to see the items behind it</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_view.py" />
      <source>单击指标的分子、分母或上期数值，查看其背后的事项</source>
      <translation>Click an indicator's numerator, denominator or previous value to see the items behind it</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>另有 {n} 名网格员今日无可评定事项且无异常（导出 XLSX 见全表）</source>
      <translation>{n} more grid workers had nothing to grade today and no exceptions (the XLSX export has the full table)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/launch.py" />
      <source>周、月、季度、年度考核与排名，网格→社区→街道→区 ({key})</source>
      <translation>Weekly, monthly, quarterly and yearly assessment and ranking, grid → community → street → county ({key})</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_picker.py" />
      <source>周期</source>
      <translation>Period</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/launch.py" />
      <location filename="../../../console/ui/summary/period_view.py" />
      <source>周期考核 / 四级管理</source>
      <translation>Period assessment / four levels</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_picker.py" />
      <source>如 2026-11（月）、2026-W48（周）、2026Q4（季度）、2026（年度）、2026-11-03~2026-11-20（时段）</source>
      <translation>e.g. 2026-11 (month), 2026-W48 (week), 2026Q4 (quarter), 2026 (year), 2026-11-03~2026-11-20 (range)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/analysis_view.py" />
      <location filename="../../../console/ui/summary/period_view.py" />
      <location filename="../../../console/ui/summary/view.py" />
      <source>导出 PDF</source>
      <translation>Export PDF</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_view.py" />
      <location filename="../../../console/ui/summary/view.py" />
      <source>导出 XLSX</source>
      <translation>Export XLSX</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_picker.py" />
      <location filename="../../../console/ui/summary/view.py" />
      <source>导出失败：{reason}</source>
      <translation>Export failed: {reason}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>导出日报</source>
      <translation>Export daily report</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/analysis_view.py" />
      <source>导出研判</source>
      <translation>Export analysis</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_view.py" />
      <source>导出考核</source>
      <translation>Export assessment</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_picker.py" />
      <source>已导出 {path}</source>
      <translation>Exported {path}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>已导出 {path}{pages}</source>
      <translation>Exported {path}{pages}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/launch.py" />
      <source>已推送研判要点</source>
      <translation>Analysis highlights pushed</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/report_push.py" />
      <source>已推送研判要点与报告：{n} 条通知</source>
      <translation>Findings and report pushed: {n} notices</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/analysis_view.py" />
      <source>把研判要点与报告（PDF）作为信息推送发给范围内的网格员和社区民警</source>
      <translation>Push the findings and the report (PDF) as a notice to the grid workers and community officers in scope</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/analysis_view.py" />
      <source>推送</source>
      <translation>Push</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/launch.py" />
      <location filename="../../../console/ui/summary/report_push.py" />
      <source>推送失败：{reason}</source>
      <translation>Push failed: {reason}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/report_push.py" />
      <source>推送失败：中继未应答或报告无法写入</source>
      <translation>Push failed: the relay did not answer or the report could not be written</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>数据库中没有派出所</source>
      <translation>No police station in the database</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/launch.py" />
      <location filename="../../../console/ui/summary/view.py" />
      <source>日报 / 考核</source>
      <translation>Daily report / KPIs</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>日期</source>
      <translation>Date</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_picker.py" />
      <source>时间</source>
      <translation>Time</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/cards.py" />
      <location filename="../../../console/ui/summary/view.py" />
      <source>昨日</source>
      <translation>Yesterday</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/charts.py" />
      <source>昨日 □</source>
      <translation>Yesterday □</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/cards.py" />
      <source>昨日：查看昨日的事项</source>
      <translation>Yesterday: see yesterday's items</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>未覆盖网格</source>
      <translation>Uncovered grids</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>未覆盖网格 {n} 个</source>
      <translation>{n} uncovered grids</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/cards.py" />
      <source>查看构成该数值的事项</source>
      <translation>See the items behind this figure</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_view.py" />
      <location filename="../../../console/ui/summary/view.py" />
      <source>查询失败：{reason}</source>
      <translation>Query failed: {reason}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/report_push.py" />
      <source>正在上传研判报告（{pages} 页）…</source>
      <translation>Uploading the report ({pages} pages)…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/analysis_view.py" />
      <location filename="../../../console/ui/summary/period_view.py" />
      <location filename="../../../console/ui/summary/view.py" />
      <source>正在导出 {path}…</source>
      <translation>Exporting {path}…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/report_push.py" />
      <source>正在生成研判报告…</source>
      <translation>Writing the report…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>派出所</source>
      <translation>Police station</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/launch.py" />
      <source>派出所日报、考核指标与导出 ({key})</source>
      <translation>Station daily report, KPIs and export ({key})</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>点击任一指标数值或图表中的柱，查看其背后的事项</source>
      <translation>Click any figure or chart bar to see the items behind it</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/analysis_view.py" />
      <source>热点窗口</source>
      <translation>Hot-spot window</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/analysis_view.py" />
      <location filename="../../../console/ui/summary/launch.py" />
      <source>研判</source>
      <translation>Analysis</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/analysis_view.py" />
      <source>类别</source>
      <translation>Category</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/cards.py" />
      <source>综合得分 {today}　（昨日 {yesterday}；近7日均值 {week}）</source>
      <translation>Overall score {today}　(yesterday {yesterday}; 7-day average {week})</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/launch.py" />
      <source>考核(&amp;K)</source>
      <translation>&amp;KPIs</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_picker.py" />
      <source>范围</source>
      <translation>Scope</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/charts.py" />
      <source>警情分类（今日，点击柱查看明细）</source>
      <translation>Incidents by category (today, click a bar for details)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_picker.py" />
      <source>计算 F5</source>
      <translation>Compute F5</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_picker.py" />
      <location filename="../../../console/ui/summary/view.py" />
      <source>计算中…</source>
      <translation>Computing…</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_view.py" />
      <source>计算于 {at}</source>
      <translation>Computed at {at}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/period_picker.py" />
      <location filename="../../../console/ui/summary/view.py" />
      <source>计算失败：{reason}</source>
      <translation>Computation failed: {reason}</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>超期事项</source>
      <translation>Overdue items</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>超期事项 {n} 件</source>
      <translation>{n} overdue items</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/cards.py" />
      <source>越低越好</source>
      <translation>Lower is better</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/cards.py" />
      <source>越高越好</source>
      <translation>Higher is better</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>转办待反馈</source>
      <translation>Referrals awaiting feedback</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>转办待反馈 {n} 件</source>
      <translation>{n} referrals awaiting feedback</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>近7日</source>
      <translation>Last 7 days</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/cards.py" />
      <source>近7日均值：查看近7日的事项</source>
      <translation>7-day average: see the last 7 days' items</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/analysis_view.py" />
      <source>近{n}日</source>
      <translation>Last {n} days</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>重新计算所选日期和派出所的日报 (F5)</source>
      <translation>Recompute the daily report for the chosen date and station (F5)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/launch.py" />
      <source>高发网格、重复地址、时段分布、调处分级与预警处置 ({key})</source>
      <translation>Hot grids, repeat addresses, time patterns, dispute grades and warnings ({key})</translation>
    </message>
    <message>
      <location filename="../../../console/ui/summary/view.py" />
      <source>，{n} 页</source>
      <translation>, {n} pages</translation>
    </message>
  </context>
  <context>
    <name>Time</name>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>分</source>
      <translation>m</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>剩 {t}</source>
      <translation>{t} left</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>天</source>
      <translation>d</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>小时</source>
      <translation>h</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>时</source>
      <translation>h</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>秒</source>
      <translation>s</translation>
    </message>
    <message>
      <location filename="../../../console/ui/i18n/domain.py" />
      <source>超 {t}</source>
      <translation>{t} overdue</translation>
    </message>
  </context>
  <context>
    <name>Timeline</name>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>上报</source>
      <translation>Report</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>作废</source>
      <translation>Void</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>到场</source>
      <translation>On scene</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>办结</source>
      <translation>Close</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>反馈</source>
      <translation>Feedback</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>受理</source>
      <translation>Accept</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>回复群众</source>
      <translation>Reply to the public</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>回访</source>
      <translation>Callback</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>延期审批</source>
      <translation>Extension decision</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>撤回派遣</source>
      <translation>Withdraw dispatch</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>改址</source>
      <translation>Change address</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>改类</source>
      <translation>Change category</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>改级</source>
      <translation>Change priority</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>标记恶意</source>
      <translation>Mark abusive</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>核查</source>
      <translation>Verify</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>派遣</source>
      <translation>Dispatch</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>申请延期</source>
      <translation>Request extension</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>督办</source>
      <translation>Supervise</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>签收</source>
      <translation>Sign</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>补充</source>
      <translation>Note</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>转办</source>
      <translation>Refer</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>返工</source>
      <translation>Rework</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>退回</source>
      <translation>Return</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>部门反馈</source>
      <translation>Department feedback</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>部门签收</source>
      <translation>Department signed</translation>
    </message>
    <message>
      <location filename="../../../console/ui/texts.py" />
      <source>部门退回</source>
      <translation>Department returned</translation>
    </message>
  </context>
  <context>
    <name>UnitBoard</name>
    <message>
      <location filename="../../../console/ui/units/board.py" />
      <source>{label}　共{total}　空闲{idle}</source>
      <translation>{label}  {total} in all  {idle} idle</translation>
    </message>
    <message>
      <location filename="../../../console/ui/units/board.py" />
      <source>出行</source>
      <translation>Transport</translation>
    </message>
    <message>
      <location filename="../../../console/ui/units/board.py" />
      <source>单位</source>
      <translation>Unit</translation>
    </message>
    <message>
      <location filename="../../../console/ui/units/board.py" />
      <source>当前警情</source>
      <translation>Current incident</translation>
    </message>
    <message>
      <location filename="../../../console/ui/units/board.py" />
      <source>时长</source>
      <translation>For</translation>
    </message>
    <message>
      <location filename="../../../console/ui/units/board.py" />
      <source>状态</source>
      <translation>State</translation>
    </message>
  </context>
  <context>
    <name>WarningsView</name>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>全部</source>
      <translation>All</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>全部网格</source>
      <translation>All grids</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>全部规则</source>
      <translation>All rules</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>共 {n} 条</source>
      <translation>{n} in total</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>内容</source>
      <translation>Content</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>办结</source>
      <translation>Close</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>反馈</source>
      <translation>Feedback</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>反馈 / 办结说明（必填）</source>
      <translation>Feedback / closing note (required)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>地点</source>
      <translation>Place</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>已办结</source>
      <translation>Closed</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>已提交</source>
      <translation>Submitted</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>已超期</source>
      <translation>Overdue</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>当前状态不能执行此操作</source>
      <translation>Not possible in the current state</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>待签收</source>
      <translation>To sign</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>时间</source>
      <translation>Time</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>时限</source>
      <translation>Time limits</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>未办结</source>
      <translation>Open</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>督办</source>
      <translation>Supervise</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>等级</source>
      <translation>Level</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>签收</source>
      <translation>Sign</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>网格</source>
      <translation>Grid</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>规则</source>
      <translation>Rule</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>证据警情（点击定位）</source>
      <translation>Evidence incidents (click to locate)</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>请填写说明</source>
      <translation>Enter a note</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>超期</source>
      <translation>Overdue</translation>
    </message>
    <message>
      <location filename="../../../console/ui/warnings_dock.py" />
      <source>选择一条预警查看证据与处置</source>
      <translation>Select a warning to see its evidence and handling</translation>
    </message>
  </context>
  <context>
    <name>Workers</name>
    <message>
      <location filename="../../../console/ui/workers/model.py" />
      <source>姓名</source>
      <translation>Name</translation>
    </message>
    <message>
      <location filename="../../../console/ui/workers/model.py" />
      <source>当前任务</source>
      <translation>Current task</translation>
    </message>
    <message>
      <location filename="../../../console/ui/workers/model.py" />
      <source>最后定位</source>
      <translation>Last position</translation>
    </message>
    <message>
      <location filename="../../../console/ui/workers/model.py" />
      <source>未知</source>
      <translation>Unknown</translation>
    </message>
    <message>
      <location filename="../../../console/ui/workers/model.py" />
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <location filename="../../../console/ui/workers/model.py" />
      <source>网格</source>
      <translation>Grid</translation>
    </message>
  </context>
</TS>
