namespace CaseHub.Workflows.Activities;

/// <summary>The Elsa core subset the engine runs, under Elsa's type names, plus the <c>CaseHub.UserTask</c> primitive.</summary>
public static class BuiltInActivities
{
    private static InputDescriptor Text(string name, string? display = null, bool required = false, string syntax = "Literal") =>
        new(name, "String", "singleline", required, syntax, display);

    /// <param name="httpHosts">The hosts the HTTP request activities may call; none when not given.</param>
    /// <param name="httpHandler">Sends their requests (tests); a pooled socket handler that follows no redirect when not given.</param>
    public static IEnumerable<ActivityDescriptor> All(TimeZoneInfo cronZone, HttpAllowList? httpHosts = null, HttpMessageHandler? httpHandler = null)
    {
        var allowList = httpHosts ?? new HttpAllowList(null);
        InputDescriptor[] request =
        [
            Text("url", "地址", required: true) with { CheckLiteral = allowList.Refusal }, Text("method", "方法"),
            new("content", "Object", "multiline", DisplayName: "内容"), Text("contentType", "内容类型"), Text("authorization", "认证头"),
        ];
        yield return new()
        {
            Type = "Elsa.SendHttpRequest", Category = "HTTP", DisplayName = "HTTP 请求", Description = "Calls a listed host (Workflows:AllowedHttpHosts), then continues.",
            Inputs = request, Outputs = ["StatusCode", "ParsedContent", "ResponseHeaders"], Activity = new SendHttpRequestActivity(allowList, flow: false, httpHandler),
        };
        yield return new()
        {
            Type = "Elsa.FlowSendHttpRequest", Category = "HTTP", DisplayName = "HTTP 请求（分支）", Description = "Calls a listed host and continues through the status code it answered.",
            Inputs = [.. request, new("expectedStatusCodes", "Int32[]", "dynamic-outcomes", DisplayName: "预期状态码")],
            Outputs = ["StatusCode", "ParsedContent", "ResponseHeaders"],
            Outcomes = ["Done", SendHttpRequestActivity.Unmatched, SendHttpRequestActivity.FailedToConnect, SendHttpRequestActivity.TimedOut],
            DynamicOutcomes = SendHttpRequestActivity.Ports, Activity = new SendHttpRequestActivity(allowList, flow: true, httpHandler),
        };
        var finish = new FinishActivity();
        yield return new() { Type = "Elsa.Start", Category = "流程", DisplayName = "开始", Description = "Where the flowchart starts.", Activity = new StartActivity() };
        yield return new() { Type = "Elsa.End", Category = "流程", DisplayName = "结束", Description = "Ends the flowchart and every path in it.", Outcomes = [], Activity = finish };
        yield return new() { Type = "Elsa.Finish", Category = "流程", DisplayName = "完成", Description = "Finishes the workflow.", Outcomes = [], Activity = finish };
        // Containers are unfolded into the flowchart when it is read (FlowchartJson); the node left under the container's id
        // completes after its children, so connections out of it run then.
        yield return new() { Type = "Elsa.Sequence", Category = "流程", DisplayName = "顺序执行", Description = "Runs its activities one after another, then continues.", Activity = new StartActivity() };
        yield return new() { Type = "Elsa.Flowchart", Category = "流程", DisplayName = "子流程图", Description = "A flowchart inside the flowchart; continues once every path in it has ended.", Activity = new StartActivity() };
        yield return new()
        {
            Type = "Elsa.If", Category = "分支", DisplayName = "如果", Description = "Runs Then when the condition holds, else Else, then continues.",
            Inputs = [new("condition", "Boolean", "singleline", Required: true, DefaultSyntax: "JavaScript", DisplayName: "条件")], Activity = new StartActivity(),
        };
        yield return new()
        {
            Type = "Elsa.While", Category = "分支", DisplayName = "循环（当）", Description = "Runs its body while the condition holds, then continues.",
            Inputs = [new("condition", "Boolean", "singleline", Required: true, DefaultSyntax: "JavaScript", DisplayName: "条件")], Activity = new WhileActivity(),
            DynamicOutcomes = n => LoopParts.Of(n, LoopParts.Part) == LoopParts.Condition ? ["True", "False"] : [],
        };
        yield return new()
        {
            Type = "Elsa.ForEach", Category = "分支", DisplayName = "循环（遍历）", Description = "Runs its body once per item of the list, then continues.",
            Inputs = [new("items", "Object", "singleline", Required: true, DefaultSyntax: "JavaScript", DisplayName: "列表"),
                      new("currentValue", "Variable", "variable-picker", DisplayName: "当前项")],
            Activity = new ForEachActivity(),
            DynamicOutcomes = n => LoopParts.Of(n, LoopParts.Part) == LoopParts.Next ? ["Iterate"] : [],
        };
        yield return new()
        {
            Type = "Elsa.ParallelForEach", Category = "分支", DisplayName = "并行遍历", Description = "Runs its body for every item at once, then continues once all have ended.",
            Inputs = [new("items", "Object", "singleline", Required: true, DefaultSyntax: "JavaScript", DisplayName: "列表"),
                      new("currentValue", "Variable", "variable-picker", DisplayName: "当前项")],
            Activity = new ParallelForEachActivity(),
        };
        yield return new()
        {
            Type = "Elsa.Break", Category = "分支", DisplayName = "跳出循环", Description = "Ends the nearest enclosing loop (ForEach or While).",
            Activity = new BreakActivity(), DynamicOutcomes = n => LoopParts.Of(n, LoopParts.Loop) is null ? [] : ["Break"],
        };
        yield return new()
        {
            Type = "Elsa.Complete", Category = "流程", DisplayName = "完成并返回结果", Description = "Completes the workflow with the given outcomes.",
            Inputs = [new("outcomes", "String[]", "dynamic-outcomes", DisplayName: "结果")], Outcomes = [], Activity = new CompleteActivity(),
        };
        yield return new()
        {
            Type = "Elsa.SetName", Category = "基础", DisplayName = "设置实例名称", Description = "Sets the workflow instance's name.",
            Inputs = [Text("value", "名称", required: true)], Activity = new SetNameActivity(),
        };
        yield return new()
        {
            Type = "Elsa.SetOutput", Category = "基础", DisplayName = "设置输出", Description = "Assigns a value to one of the workflow's outputs.",
            Inputs = [Text("outputName", "输出", required: true), new("outputValue", "Object", "singleline", DisplayName: "值")], Activity = new SetOutputActivity(),
        };
        yield return new()
        {
            Type = "Elsa.ExecuteWorkflow", Category = WorkflowActivities.Category, DisplayName = "运行流程", Description = "Runs another published workflow, waiting for it to finish or not.",
            Inputs =
            [
                Text("workflowDefinitionId", "流程", required: true) with { UiHint = "workflow-definition-picker" }, Text("correlationId", "关联号"),
                new("input", "Object", "json-editor", DisplayName: "输入"), new("waitForCompletion", "Boolean", "checkbox", DisplayName: "等待完成"),
            ],
            Outputs = ["Result"], Activity = new ExecuteWorkflowActivity(),
        };
        yield return new()
        {
            Type = "Elsa.FlowDecision", Category = "分支", DisplayName = "条件判断", Description = "Continues through True or False.",
            Inputs = [new("condition", "Boolean", "singleline", Required: true, DefaultSyntax: "JavaScript", DisplayName: "条件")],
            Outcomes = ["True", "False"], Activity = new FlowDecisionActivity(),
        };
        yield return new()
        {
            Type = "Elsa.FlowSwitch", Category = "分支", DisplayName = "多路分支", Description = "Continues through the case whose condition holds, else Default.",
            Inputs = [new("cases", "Object", "switch-editor", Required: true, DisplayName: "分支条件"),
                      new("mode", "String", "dropdown", DisplayName: "匹配方式", Options: ["MatchFirst", "MatchAny"])],
            Outcomes = ["Default"], DynamicOutcomes = FlowSwitchActivity.Labels, Activity = new FlowSwitchActivity(),
        };
        yield return new()
        {
            Type = "Elsa.FlowFork", Category = "分支", DisplayName = "并行分叉", Description = "Continues through every named branch at once.",
            Inputs = [new("branches", "String[]", "dynamic-outcomes", Required: true, DisplayName: "分支")],
            Outcomes = [], DynamicOutcomes = FlowForkActivity.Branches, Activity = new FlowForkActivity(),
        };
        yield return new()
        {
            Type = "Elsa.FlowJoin", Category = "分支", DisplayName = "汇合", Description = "WaitAny (default): continues on the first branch and cancels the rest; WaitAll: waits for every branch, skipped when one is not taken; WaitAllActive: waits for every branch still alive.",
            Inputs = [new("mode", "FlowJoinMode", "dropdown", DisplayName: "汇合方式", Options: ["WaitAny", "WaitAll", "WaitAllActive"])],
            Activity = new FlowJoinActivity(),
        };
        yield return new()
        {
            Type = "Elsa.SetVariable", Category = "基础", DisplayName = "设置变量", Description = "Sets a workflow variable.",
            Inputs = [new("variable", "Variable", "variable-picker", Required: true, DisplayName: "变量"), new("value", "Object", "singleline", DisplayName: "值")],
            Activity = new SetVariableActivity(),
        };
        yield return new()
        {
            Type = "Elsa.WriteLine", Category = "基础", DisplayName = "输出文本", Description = "Writes a line to the log and the instance.",
            Inputs = [Text("text", "文本") with { WhenEmpty = "输出空行 / prints an empty line" }], Activity = new WriteLineActivity(),
        };
        yield return new()
        {
            Type = "Elsa.RunJavaScript", Category = "基础", DisplayName = "运行脚本", Description = "Runs JavaScript in the sandbox for its effect on variables.",
            Inputs = [new("script", "String", "code-editor", Required: true, DefaultSyntax: "Literal", DisplayName: "脚本", CodeSyntax: "JavaScript")], Outputs = ["Result"],
            Activity = new RunJavaScriptActivity(),
        };
        yield return new()
        {
            Type = "Elsa.Correlate", Category = "基础", DisplayName = "设置关联号", Description = "Sets the instance's correlation id.",
            Inputs = [Text("correlationId", "关联号", required: true)], Activity = new CorrelateActivity(),
        };
        yield return new()
        {
            Type = "Elsa.Fault", Category = "基础", DisplayName = "故障", Description = "Faults the instance with a message.",
            Inputs = [Text("code", "代码"), Text("message", "消息", required: true)], Outcomes = [], Activity = new FaultActivity(),
        };
        yield return new()
        {
            Type = "Elsa.Delay", Category = "定时", DisplayName = "延时", Description = "Waits for a time span, e.g. 00:05:00.",
            Inputs = [new("timeSpan", "TimeSpan", "singleline", Required: true, DisplayName: "时长")], IsTrigger = true, Activity = new DelayActivity("timeSpan"),
        };
        yield return new()
        {
            Type = "Elsa.Timer", Category = "定时", DisplayName = "计时器", Description = "Waits for an interval, then continues.",
            Inputs = [new("interval", "TimeSpan", "singleline", Required: true, DisplayName: "间隔")], IsTrigger = true, Activity = new DelayActivity("interval"),
        };
        yield return new()
        {
            Type = "Elsa.StartAt", Category = "定时", DisplayName = "定点开始", Description = "Waits until a date and time.",
            Inputs = [new("dateTime", "DateTimeOffset", "datetime-picker", Required: true, DisplayName: "时间")], IsTrigger = true, Activity = new StartAtActivity(),
        };
        yield return new()
        {
            Type = "Elsa.Cron", Category = "定时", DisplayName = "周期计划", Description = $"Waits for the next occurrence of a cron expression in {cronZone.Id}.",
            Inputs = [Text("cronExpression", "Cron 表达式", required: true) with { CheckLiteral = CronActivity.Check }], IsTrigger = true, Activity = new CronActivity(cronZone),
        };
        yield return new()
        {
            Type = "Elsa.HttpEndpoint", Category = "HTTP", DisplayName = "HTTP 端点", Description = "Waits for (or, as a trigger, starts on) a request to /workflows/<path>; signed-in Channel or Administrator callers only.",
            Inputs = [Text("path", "路径", required: true), new("supportedMethods", "String[]", "check-list", DisplayName: "方法", Options: ["GET", "POST", "PUT", "PATCH", "DELETE"])],
            Outputs = ["ParsedContent", "QueryStringData", "RouteData", "Headers"], IsTrigger = true, Activity = new HttpEndpointActivity(),
        };
        yield return new()
        {
            Type = "Elsa.WriteHttpResponse", Category = "HTTP", DisplayName = "HTTP 响应", Description = "Answers the request that drives this step.",
            Inputs = [Text("statusCode", "状态码"), new("content", "Object", "multiline", DisplayName: "内容"), Text("contentType", "内容类型")],
            Activity = new WriteHttpResponseActivity(),
        };
        yield return new()
        {
            Type = "Elsa.Event", Category = "事件", DisplayName = "等待事件", Description = "Waits until the named event is raised.",
            Inputs = [Text("eventName", "事件名", required: true)], IsTrigger = true, Activity = new EventActivity(),
        };
        yield return new()
        {
            Type = "Elsa.PublishEvent", Category = "事件", DisplayName = "发布事件", Description = "Raises an event once this step commits.",
            Inputs = [Text("eventName", "事件名", required: true), Text("correlationId", "关联号"), new("payload", "Object", "json-editor", DisplayName: "数据")],
            Activity = new PublishEventActivity(),
        };
        yield return new()
        {
            Type = "Elsa.RunTask", Category = "事件", DisplayName = "外部任务", Description = "Asks an outside worker to run a task and waits for its result.",
            Inputs = [Text("taskName", "任务名", required: true), new("payload", "Object", "json-editor", DisplayName: "数据")], IsTrigger = true, Outputs = ["Result"],
            Activity = new RunTaskActivity(),
        };
        yield return new()
        {
            Type = UserTaskActivity.Type, Category = "人工", DisplayName = "人工任务", Description = "A task for a person in a role and jurisdiction; its outcomes are its ports.",
            Inputs =
            [
                Text("title", "标题"), Text("kind", "类别"), Text("role", "角色", required: true),
                Text("jurisdiction", "所属辖区", syntax: "JavaScript"),
                new("outcomes", "String[]", "dynamic-outcomes", Required: true, DisplayName: "处理结果"),
                new("dueHours", "Double", "singleline", DisplayName: "时限(小时)"), Text("outputVariable", "结果变量"),
            ],
            Outcomes = [], DynamicOutcomes = UserTaskActivity.Ports, IsTrigger = true, Activity = new UserTaskActivity(),
        };
    }
}
