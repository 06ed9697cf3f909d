namespace Saga.Hosting.Telemetry;

public enum OtlpProtocol
{
    Grpc,
    HttpProtobuf,
}
